// Fuzz cases for the parser and the variable resolver together: a request file made of the
// pieces real files hold (and noise), environment, `.env` and secret values that refer to each
// other (cycles included), dynamic variables with odd arguments, and named responses with JSON,
// XML and broken bodies to reach into. Each case is parsed and every request prepared as
// `regx run` would (prepareRequest), with no network: a throw of anything but what the code
// declares is a bug. Shared by the unit test (fixed seed) and the bench (random seed, 100,000).
import fc from 'fast-check';
import { parseHttp } from '../../src/core/http/parser';
import { prepareRequest } from '../../src/core/run/prepareRequest';
import type { NamedExchange, VariableValue } from '../../src/core/variables/types';

const NAMES = ['host', 'base', 'token', 'id', 'a', 'b', 'c', 'login', 'KEY', 'x-y', 'é'];

const reference = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => `{{${n}}}`),
  fc.constantFrom(
    '{{$guid}}', '{{$uuid}}', '{{$randomInt 1 10}}', '{{$randomInt 10 1}}', '{{$randomInt x}}', '{{$timestamp}}', '{{$timestamp -1 d}}', '{{$timestamp 1 q}}',
    '{{$datetime iso8601}}', '{{$datetime rfc1123 1 h}}', '{{$datetime "YYYY-MM-DD"}}', '{{$datetime "}}', '{{$localDatetime iso8601}}', '{{$processEnv HOME}}',
    '{{$processEnv %a}}', '{{$dotenv b}}', '{{$shared host}}', '{{$random.integer(1, 5)}}', '{{$random.alphabetic(999999)}}', '{{$isoTimestamp}}',
    '{{process.env.HOME}}', '{{login.response.body.$.token}}', '{{login.response.body.$..*}}', '{{login.response.body.//token}}', '{{login.response.body.//a[@b=\'c\']/text()}}',
    '{{login.response.headers.ETag}}', '{{login.request.body.*}}', '{{login.response.body.$[?(@.a)]}}', '{{other.response.body.$}}', '{{$}}', '{{}}', '{{ {{a}} }}',
  ),
);
const value = fc.array(fc.oneof({ weight: 3, arbitrary: reference }, { weight: 2, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: fc.constantFrom('{{', '}}', '{', '%', '$') }), { maxLength: 4 }).map((parts) => parts.join(''));

const pieces = [
  '###', '### T', '# @name login', '# @name other', '# @no-redirect', '# @timeout 5s', '# @timeout x', '# @redirect-body', '@host = example.org', '@a = {{b}}', '@b = {{a}}', '@c = {{c}}',
  'GET https://{{host}}/a', 'POST {{base}}/b?x={{id}} HTTP/1.1', 'PUT /c', 'GET {{login.response.body.$.next}}', 'DELETE http://[::1]:99999/x', 'GET {{a}}{{b}}',
  'Authorization: Basic {{a}}:{{token}}', 'Authorization: Basic {{a}} {{b}}', 'Content-Type: application/json', 'Content-Type: application/x-www-form-urlencoded', 'Content-Type: multipart/form-data; boundary=b',
  'X-Id: {{$guid}}', 'Host: {{host}}:443', '', '{"a": "{{a}}"}', 'a={{b}}&c={{c}}', '< ./body.json', '<@ ./body.json', '< {{a}}/f', '--b', '?? status == 200', '> {% x %}',
];
const line = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pieces) }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
const text = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'));

const variables = fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 8 });
const body = fc.oneof(
  fc.constantFrom('{"token":"t","next":"https://h/x","a":[1,{"b":2}]}', '<r><token a="b">x</token></r>', '{not json', '', '[]', 'null', '<<<'),
  fc.json(),
);

export interface FuzzCase {
  text: string;
  environment: Record<string, string>;
  dotenv: Record<string, string>;
  secrets: Record<string, string>;
  login?: { body: string; contentType: string };
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  text,
  environment: variables,
  dotenv: variables,
  secrets: variables,
  login: fc.option(fc.record({ body, contentType: fc.constantFrom('application/json', 'application/xml', 'text/plain') }), { nil: undefined }),
});

const asValues = (record: Record<string, string>, source: VariableValue['source'], secret: boolean) => new Map(Object.entries(record).map(([k, v]) => [k, { value: v, source, secret }]));

/** Parses the case and prepares every request; resolves with the number of requests. */
export async function runCase(c: FuzzCase): Promise<number> {
  const file = parseHttp(c.text);
  const exchanges = new Map<string, NamedExchange>();
  if (c.login) exchanges.set('login', { request: { headers: [['Content-Type', 'application/json']], body: '{"u":"x"}' }, response: { headers: [['ETag', 'W/"1"']], body: c.login.body, contentType: c.login.contentType }, secrets: [] });
  for (const block of file.requests) {
    if (!block.requestLine) continue;
    await prepareRequest(block, {
      file,
      filePath: '/fuzz/case.http',
      scope: { environment: asValues(c.environment, 'environment', false), dotenv: asValues(c.dotenv, 'dotenv', false), secrets: c.secrets, shared: asValues(c.environment, 'environment', false), processEnv: { HOME: '/home/fuzz' } },
      exchanges,
      readFile: async (path) => {
        if (path.endsWith('body.json')) return new TextEncoder().encode('{"from":"{{a}}"}');
        throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      },
      fileExists: async (path) => path.endsWith('body.json'),
    });
  }
  return file.requests.length;
}

/** What a case looks like, for the bench's "slowest case" line: sizes, not content. */
export function caseShape(c: FuzzCase): string {
  const references = (c.text.match(/\{\{/g) ?? []).length + [c.environment, c.dotenv, c.secrets].reduce((n, r) => n + Object.values(r).join('').split('{{').length - 1, 0);
  return `${c.text.length} chars, ${c.text.split('\n').length} lines, ${parseHttp(c.text).requests.length} requests, ${references} {{…}} references, ${Object.keys(c.environment).length + Object.keys(c.dotenv).length + Object.keys(c.secrets).length} variables, login body ${c.login ? `${c.login.body.length} chars ${c.login.contentType}` : 'none'}`;
}
