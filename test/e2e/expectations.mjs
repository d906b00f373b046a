// What the e2e suite expects to see: the seven registries of the catalog (id and the tree label
// the Registries view shows) and which step screenshots the README uses.
export const REGISTRIES = [
  { id: 'kvk', label: 'kvk' },
  { id: 'vr-publiek', label: 'vr-publiek' },
  { id: 'vr-beheer', label: 'vr-beheer' },
  { id: 'vr-acm', label: 'vr-acm' },
  { id: 'vng-klanten', label: 'vng-klanten' },
  { id: 'data-collectief', label: 'data-collectief' },
  { id: 'allsolutions', label: 'allsolutions' },
];

/** [part of the step screenshot's name, file name under docs/screenshots/]. */
export const README_SCREENSHOTS = [
  ['vr-beheer-operations', 'registries-tree.png'],
  ['completion-body', 'completion.png'],
  ['diagnostic-missing-vr-initiator', 'diagnostic.png'],
  ['response-panel', 'response-panel.png'],
  // the panels in the light and the dark theme (the screenshots step): <panel>-<theme>.png
  ...['response', 'historiek', 'etags', 'summary'].flatMap((panel) => ['light', 'dark'].map((theme) => [`themed-${panel}-${theme}`, `${panel}-${theme}.png`])),
];

/** The vr-beheer operation the suite opens as a request: a write with a JSON body. */
export const OPEN_AS_REQUEST = /^POST \S*\/verenigingen\/feitelijkeverenigingen$/;
/** Optional properties of its request body that completion must offer. */
export const BODY_PROPERTIES = /^"?(korteNaam|korteBeschrijving|startdatum|doelgroep|contactgegevens|locaties|vertegenwoordigers|hoofdactiviteitenVerenigingsloket|werkingsgebieden|isUitgeschrevenUitPubliekeDatastroom)"?$/;

/** A vereniging registered and changed three times, then its historiek (the panels' steps). */
export const TIJDLIJN = { naamPrefix: 'Tijdlijnclub', korteNaam: 'TLC-1', korteBeschrijving: 'Tweede wijziging', nieuweNaam: 'Tijdlijnclub Hernoemd' };
const beheer = 'x-correlation-id: {{$guid}}\nVR-Initiator: {{vrInitiator}}';
export const TIJDLIJN_HTTP = `# @registry vr-beheer

### Registreer
# @name reg
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
${beheer}
Content-Type: application/json

{ "naam": "${TIJDLIJN.naamPrefix} {{$randomInt 1000 9999}}", "korteNaam": "TLC", "startdatum": "2024-09-01" }

### Wijziging 1
PATCH {{reg.response.headers.Location}}
${beheer}
Content-Type: application/json

{ "korteNaam": "${TIJDLIJN.korteNaam}" }

### Wijziging 2
PATCH {{reg.response.headers.Location}}
${beheer}
Content-Type: application/json

{ "korteBeschrijving": "${TIJDLIJN.korteBeschrijving}" }

### Wijziging 3
PATCH {{reg.response.headers.Location}}
${beheer}
Content-Type: application/json

{ "naam": "${TIJDLIJN.nieuweNaam}" }

### Historiek
GET {{reg.response.headers.Location}}/historiek
${beheer}
`;

/** What the hostile server answers (text/html): the response panel must show these characters. */
export const HOSTILE_BODY = '<img src=x onerror=alert(1)>';

/** The ETag store step: a registration, a PATCH that leaves If-Match to the store, and one with a stale If-Match. */
export const ETAG_HTTP = `# @registry vr-beheer
### Registreer
# @name registreer
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
Content-Type: application/json

{ "naam": "Biljartclub De Keu {{$randomInt 1000 9999}}", "startdatum": "2024-09-01", "doelgroep": { "minimumleeftijd": 16, "maximumleeftijd": 150 }, "hoofdactiviteitenVerenigingsloket": ["BIAG"] }

### Wijzig: no If-Match written, the ETag store adds it
PATCH {{registreer.response.headers.Location}}
Content-Type: application/json

{ "korteBeschrijving": "Elke dinsdag" }

### Wijzig with a version that is long gone
PATCH {{registreer.response.headers.Location}}
If-Match: W/"1"
Content-Type: application/json

{ "korteBeschrijving": "Elke woensdag" }
`;

/**
 * The big body step: a JSON body of BIG.mb MB (one line, as registries answer) that starts with
 * BIG.first and ends with BIG.last, each there once.
 */
export const BIG = { mb: 20, first: 'BEGIN-VAN-HET-LICHAAM', last: 'EINDE-VAN-HET-LICHAAM' };
export function bigBody() {
  const items = [];
  let size = 0;
  for (let i = 0; size < BIG.mb * 1024 * 1024; i++) {
    const item = JSON.stringify({ vCode: `V${String(1000000 + i).padStart(7, '0')}`, naam: `Vereniging ${i}`, status: i % 7 ? 'Actief' : 'Gestopt', locaties: [{ gemeente: 'Gent', postcode: '9000', huisnummer: String(i % 200) }] });
    items.push(item);
    size += item.length + 1;
  }
  return Buffer.from(`{"eerste":"${BIG.first}","verenigingen":[${items.join(',')}],"laatste":"${BIG.last}"}`);
}

/** The README's light and dark screenshots of the panels: [step screenshot name, file under docs/screenshots/]. */
export const THEMES = [
  { id: 'light', name: 'Default Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' },
  { id: 'dark', name: 'Default Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' },
];
