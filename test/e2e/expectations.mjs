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
];

/** The vr-beheer operation the suite opens as a request: a write with a JSON body. */
export const OPEN_AS_REQUEST = /^POST \S*\/verenigingen\/feitelijkeverenigingen$/;
/** Optional properties of its request body that completion must offer. */
export const BODY_PROPERTIES = /^"?(korteNaam|korteBeschrijving|startdatum|doelgroep|contactgegevens|locaties|vertegenwoordigers|hoofdactiviteitenVerenigingsloket|werkingsgebieden|isUitgeschrevenUitPubliekeDatastroom)"?$/;
