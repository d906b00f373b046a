// The JSON-LD contexts the `@context` members of publiek and beheer answers point at, served by
// the publiek API (`/v1/contexten/publiek/{naam}`, `/v1/contexten/beheer/{naam}`). The
// vocabulary choices follow the register's: regorg for status and activities, skos for codes
// and labels, locn/adres for addresses, schema.org for contact points.

type Context = Record<string, unknown>;

const PREFIXES: Context = {
  '@base': 'https://data.vlaanderen.be/id/vereniging/',
  regorg: 'http://www.w3.org/ns/regorg#',
  org: 'http://www.w3.org/ns/org#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dc: 'http://purl.org/dc/terms/',
  locn: 'http://www.w3.org/ns/locn#',
  adres: 'https://data.vlaanderen.be/ns/adres#',
  schema: 'http://schema.org/',
  adms: 'http://www.w3.org/ns/adms#',
  pav: 'http://purl.org/pav/',
  generiek: 'https://data.vlaanderen.be/ns/generiek#',
  fei: 'https://data.vlaanderen.be/ns/FeitelijkeVerenigingen#',
  verenigingen_ext: 'http://data.lblod.info/vocabularies/FeitelijkeVerenigingen/',
  verenigingsregister: 'https://publiek.verenigingen.vlaanderen.be/ns/verenigingsregister#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const VERENIGING: Context = {
  vCode: '@id',
  status: 'regorg:orgStatus',
  verenigingstype: 'org:classification',
  naam: 'skos:prefLabel',
  roepnaam: 'skos:altLabel',
  korteNaam: 'skos:hiddenLabel',
  code: 'skos:notation',
  korteBeschrijving: 'dc:description',
  hoofdactiviteitenVerenigingsloket: 'regorg:orgActivity',
  doelgroep: 'verenigingen_ext:doelgroep',
  minimumleeftijd: 'verenigingen_ext:minimumleeftijd',
  maximumleeftijd: 'verenigingen_ext:maximumleeftijd',
  locaties: 'org:hasSite',
  locatietype: 'verenigingen_ext:locatietype',
  adresvoorstelling: 'locn:fullAddress',
  postcode: 'locn:postCode',
  gemeente: 'adres:gemeentenaam',
  sleutels: 'adms:identifier',
  waarde: 'generiek:lokaleIdentificator',
};

const DETAIL: Context = {
  ...VERENIGING,
  startdatum: { '@id': 'dc:date', '@type': 'xsd:date' },
  contactgegevens: 'schema:contactPoint',
  contactgegeventype: 'schema:contactType',
  adres: 'locn:address',
  straatnaam: 'locn:thoroughfare',
  huisnummer: 'adres:Adresvoorstelling.huisnummer',
  busnummer: 'adres:Adresvoorstelling.busnummer',
  land: 'adres:land',
  metadata: '@nest',
  datumLaatsteAanpassing: { '@id': 'pav:lastUpdateOn', '@type': 'xsd:date' },
};

const HISTORIEK: Context = {
  vCode: '@id',
  gebeurtenissen: 'verenigingsregister:gebeurtenis',
  gebeurtenis: 'verenigingsregister:gebeurtenistype',
  beschrijving: 'dc:description',
  initiator: 'dc:creator',
  tijdstip: { '@id': 'dc:created', '@type': 'xsd:dateTime' },
  data: { '@id': 'verenigingsregister:data', '@type': '@json' },
};

/** By audience (`publiek`, `beheer`), then by file name. */
export const JSON_LD_CONTEXTEN: Record<string, Record<string, Context>> = {
  publiek: {
    'detail-vereniging-context.json': { ...PREFIXES, ...DETAIL },
    'zoek-verenigingen-context.json': { ...PREFIXES, ...VERENIGING },
  },
  beheer: {
    'detail-vereniging-context.json': { ...PREFIXES, ...DETAIL, vertegenwoordigers: 'verenigingen_ext:vertegenwoordiger', bron: 'dc:source' },
    'zoek-verenigingen-context.json': { ...PREFIXES, ...VERENIGING },
    'historiek-vereniging-context.json': { ...PREFIXES, ...HISTORIEK },
  },
};
