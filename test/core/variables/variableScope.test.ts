import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VariableScope, type VariableScopeInput } from '../../../src/core/variables/variableScope';
import { PendingResponseError, UnresolvedVariableError, type NamedExchange, type VariableValue } from '../../../src/core/variables/types';
import { formatDatetime } from '../../../src/core/variables/datetimeFormat';

const NOW = new Date('2024-03-05T07:08:09.123Z');
const fixed: Partial<VariableScopeInput> = { now: () => NOW, random: () => 0.5, randomUUID: () => '11111111-2222-4333-8444-555555555555' };
const scope = (input: VariableScopeInput = {}) => new VariableScope({ ...fixed, ...input });
const env = (entries: Record<string, string>, secret = false): Map<string, VariableValue> =>
  new Map(Object.entries(entries).map(([k, value]) => [k, { value, source: secret ? 'private-environment' : 'environment', secret }]));

test('$guid and $uuid give UUIDs; each reference is a new one', () => {
  const real = new VariableScope({});
  const text = real.resolve('{{$guid}} {{$uuid}}').text;
  const [a, b] = text.split(' ');
  assert.match(a!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(b!, /^[0-9a-f-]{36}$/);
  assert.notEqual(a, b);
});

test('a file variable holding $guid keeps one value within a request', () => {
  const s = new VariableScope({ fileVariables: [{ name: 'id', value: '{{$guid}}' }] });
  const [a, b] = s.resolve('{{id}}/{{id}}').text.split('/');
  assert.equal(a, b);
});

test('$randomInt min max: min inclusive, max exclusive; bad bounds are an error', () => {
  assert.equal(scope({ random: () => 0 }).resolve('{{$randomInt 5 10}}').text, '5');
  assert.equal(scope({ random: () => 0.9999 }).resolve('{{$randomInt 5 10}}').text, '9');
  assert.throws(() => scope().resolve('{{$randomInt 10 5}}'), UnresolvedVariableError);
  assert.throws(() => scope().resolve('{{$randomInt a b}}'), /min < max/);
});

test('$timestamp with and without offsets', () => {
  const seconds = Math.floor(NOW.getTime() / 1000);
  assert.equal(scope().resolve('{{$timestamp}}').text, String(seconds));
  assert.equal(scope().resolve('{{$timestamp -1 d}}').text, String(seconds - 86400));
  assert.equal(scope().resolve('{{$timestamp 2 h}}').text, String(seconds + 7200));
  assert.throws(() => scope().resolve('{{$timestamp 1 parsec}}'), /unknown offset unit/);
});

test('$datetime: rfc1123, iso8601, custom pattern, offsets', () => {
  assert.equal(scope().resolve('{{$datetime rfc1123}}').text, 'Tue, 05 Mar 2024 07:08:09 GMT');
  assert.equal(scope().resolve('{{$datetime iso8601}}').text, '2024-03-05T07:08:09.123Z');
  assert.equal(scope().resolve('{{$datetime "DD-MM-YYYY HH:mm:ss.SSS"}}').text, '05-03-2024 07:08:09.123');
  assert.equal(scope().resolve("{{$datetime 'YYYY-MM-DD' -1 y}}").text, '2023-03-05');
  assert.equal(scope().resolve('{{$datetime iso8601 1 M}}').text, '2024-04-05T07:08:09.123Z');
  assert.throws(() => scope().resolve('{{$datetime}}'), /needs a format/);
});

test('$localDatetime uses the local zone', () => {
  const expected = formatDatetime(NOW, 'YYYY-MM-DDTHH:mm:ssZ', false);
  assert.equal(scope().resolve('{{$localDatetime "YYYY-MM-DDTHH:mm:ssZ"}}').text, expected);
  const local = new Date(NOW.getTime());
  assert.equal(expected.slice(11, 13), String(local.getHours()).padStart(2, '0'));
});

test('$processEnv reads the process environment, with % indirection, and is secret', () => {
  const s = scope({ processEnv: { TOKEN_PROD: 'prod-secret' }, environment: env({ tokenVar: 'TOKEN_PROD' }) });
  const direct = s.resolve('{{$processEnv TOKEN_PROD}}');
  assert.deepEqual(direct, { text: 'prod-secret', secrets: ['prod-secret'] });
  assert.equal(s.resolve('{{$processEnv %tokenVar}}').text, 'prod-secret');
  assert.throws(() => s.resolve('{{$processEnv MISSING}}'), /environment variable 'MISSING' is not set/);
});

test('$dotenv reads .env values, with % indirection', () => {
  const dotenv = new Map<string, VariableValue>([['API_KEY', { value: 'k-1', source: 'dotenv', secret: true }], ['HOST', { value: 'h', source: 'dotenv', secret: false }]]);
  const s = scope({ dotenv, environment: env({ which: 'API_KEY' }) });
  assert.deepEqual(s.resolve('{{$dotenv API_KEY}}'), { text: 'k-1', secrets: ['k-1'] });
  assert.deepEqual(s.resolve('{{$dotenv %which}}/{{$dotenv HOST}}'), { text: 'k-1/h', secrets: ['k-1'] });
  assert.throws(() => s.resolve('{{$dotenv NOPE}}'), /not in any .env/);
});

test('layers: request over file over secrets over environment over .env', () => {
  const s = scope({
    requestVariables: [{ name: 'a', value: 'request' }],
    fileVariables: [{ name: 'a', value: 'file' }, { name: 'b', value: 'file' }],
    secrets: { b: 'secret', c: 'secret-c' },
    environment: env({ c: 'env', d: 'env' }),
    dotenv: new Map([['d', { value: 'dotenv', source: 'dotenv', secret: false }], ['e', { value: 'dotenv', source: 'dotenv', secret: false }]]),
  });
  assert.equal(s.resolve('{{a}} {{b}} {{c}} {{d}} {{e}}').text, 'request file secret-c env dotenv');
});

test('variables refer to variables; secrets inside are tracked', () => {
  const s = scope({
    fileVariables: [{ name: 'url', value: '{{host}}/v1?key={{key}}' }],
    environment: env({ host: 'https://api.example' }),
    secrets: { key: 'abc-secret' },
  });
  assert.deepEqual(s.resolve('GET {{url}}'), { text: 'GET https://api.example/v1?key=abc-secret', secrets: ['abc-secret'] });
});

test('private environment values are secrets', () => {
  const s = scope({ environment: env({ apikey: 'private-123' }, true) });
  assert.deepEqual(s.resolve('{{apikey}}').secrets, ['private-123']);
});

test('a cycle is an error naming the circle, not a hang', () => {
  const s = scope({ fileVariables: [{ name: 'a', value: '{{b}}' }, { name: 'b', value: 'x{{c}}' }, { name: 'c', value: '{{a}}' }] });
  assert.throws(() => s.resolve('{{a}}'), (error: unknown) => error instanceof UnresolvedVariableError && /a → b → c → a/.test(error.message));
});

test('an unresolved variable is a typed error naming it (never an empty string)', () => {
  const s = scope({ fileVariables: [{ name: 'url', value: '{{host}}/x' }] });
  assert.throws(
    () => s.resolve('GET {{url}}'),
    (error: unknown) => error instanceof UnresolvedVariableError && error.expression === 'host' && /'host' is not defined \(used by 'url'\)/.test(error.message),
  );
});

const exchange: NamedExchange = {
  request: { headers: [['Content-Type', 'application/json']], body: '{"user":"jan","pw":"pw-secret"}' },
  response: {
    headers: [['ETag', 'W/"7"'], ['content-type', 'application/json'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']],
    body: '{"token":"t-1","items":[{"id":1},{"id":2}],"nested":{"x":true}}',
  },
  secrets: ['pw-secret'],
};
const xmlExchange: NamedExchange = {
  request: { headers: [] },
  response: { headers: [], body: '<?xml version="1.0"?><ns:root xmlns:ns="urn:x"><ns:item id="a">één &amp; twee</ns:item><ns:item id="b"><naam>Vereniging</naam></ns:item></ns:root>' },
  secrets: [],
};

test('named responses: JSONPath, headers (case-insensitive, repeated joined), request body', () => {
  const s = scope({ exchanges: new Map([['login', exchange]]) });
  assert.equal(s.resolve('{{login.response.body.$.token}}').text, 't-1');
  assert.equal(s.resolve('{{login.response.body.$.items[1].id}}').text, '2');
  assert.equal(s.resolve('{{login.response.body.$.nested}}').text, '{"x":true}');
  assert.equal(s.resolve('{{login.response.body.$.items[?(@.id==2)].id}}').text, '2');
  assert.equal(s.resolve('{{login.response.headers.etag}}').text, 'W/"7"');
  assert.equal(s.resolve('{{login.response.headers.Set-Cookie}}').text, 'a=1, b=2');
  assert.equal(s.resolve('{{login.request.headers.content-type}}').text, 'application/json');
  const whole = s.resolve('{{login.request.body.*}}');
  assert.equal(whole.text, exchange.request.body);
  assert.deepEqual(whole.secrets, [exchange.request.body], 'a value holding a secret of the request stays secret');
  assert.equal(s.resolve('{{login.request.body.$.user}}').text, 'jan');
});

test('named responses: XPath-lite', () => {
  const s = scope({ exchanges: new Map([['x', xmlExchange]]) });
  assert.equal(s.resolve('{{x.response.body.//item}}').text, 'één & twee');
  assert.equal(s.resolve('{{x.response.body.//item[2]/naam}}').text, 'Vereniging');
  assert.equal(s.resolve("{{x.response.body.//item[@id='b']/naam}}").text, 'Vereniging');
  assert.equal(s.resolve('{{x.response.body.//item/@id}}').text, 'a');
  assert.equal(s.resolve('{{x.response.body./root/item/text()}}').text, 'één & twee');
  assert.throws(() => s.resolve('{{x.response.body.//missing}}'), /matches nothing/);
});

test('named responses: missing pieces are errors; a known request not yet run is pending', () => {
  const s = scope({ exchanges: new Map([['login', exchange]]), requestNames: new Set(['login', 'later']) });
  assert.throws(() => s.resolve('{{login.response.body.$.nope}}'), /matches nothing/);
  assert.throws(() => s.resolve('{{login.response.headers.X-None}}'), /has no header 'X-None'/);
  assert.throws(() => s.resolve('{{later.response.body.$.a}}'), PendingResponseError);
  assert.throws(() => s.resolve('{{ghost.response.body.$.a}}'), /no request is named 'ghost'/);
  const xml = scope({ exchanges: new Map([['x', xmlExchange]]) });
  assert.throws(() => xml.resolve('{{x.response.body.$.a}}'), /not JSON/);
});

test('JetBrains $random functions and httpYac process.env', () => {
  const s = scope({ random: () => 0.5, processEnv: { API_TOKEN: 'tok-env' } });
  assert.equal(s.resolve('{{$random.integer(10, 20)}}').text, '15');
  assert.equal(s.resolve('{{$random.float(0, 1)}}').text, '0.5');
  assert.match(new VariableScope({}).resolve('{{$random.alphanumeric(12)}}').text, /^[A-Za-z0-9_]{12}$/);
  assert.match(new VariableScope({}).resolve('{{$random.hexadecimal(8)}}').text, /^[0-9a-f]{8}$/);
  assert.match(new VariableScope({}).resolve('{{$random.alphabetic(5)}}').text, /^[A-Za-z]{5}$/);
  assert.match(new VariableScope({}).resolve('{{$random.email}}').text, /^[a-z]{8}@example\.org$/);
  assert.equal(s.resolve('{{$random.uuid}}').text, '11111111-2222-4333-8444-555555555555');
  assert.throws(() => s.resolve('{{$random.integer(5, 1)}}'), /\$random\.integer\(min, max\)/);
  assert.throws(() => s.resolve('{{$random.colour}}'), /a known \$random function/);
  assert.deepEqual(s.resolve('{{process.env.API_TOKEN}}'), { text: 'tok-env', secrets: ['tok-env'] });
});

test("REST Client's {{$shared name}} reads the $shared block", () => {
  const s = scope({ shared: env({ version: 'v1' }), environment: env({ version: 'v2', path: '/api/{{$shared version}}' }) });
  assert.equal(s.resolve('{{version}} {{path}}').text, 'v2 /api/v1');
  assert.throws(() => s.resolve('{{$shared nope}}'), /'nope' is not in any \$shared environment block/);
});

test('a name missing from the selected environment but defined in others says where it is', () => {
  const s = scope({ environmentName: 'dev', definedIn: (name) => (name === 'base' ? ['test', 'prod'] : []) });
  assert.throws(() => s.resolve('{{base}}/x'), /variable 'base' is not in environment 'dev'; 'test', 'prod' define it/);
  const none = scope({ definedIn: () => ['test'] });
  assert.throws(() => none.resolve('{{base}}'), /variable 'base' comes from an environment and none is selected; 'test' defines it/);
});
