import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { METHODS } from '../../src/core/http/syntax';
import { httpGrammar, tokenise, type Token } from './tokenise';

// What the editor colours, asserted on the scopes syntaxes/http.tmLanguage.json gives: short
// inline samples for each form. The corpus suite (test/corpus/grammarCorpus.test.ts) checks the
// real-world files: the grammar must see a request line wherever the parser finds one.


const METHOD = 'keyword.control.method.http';
const REQUEST_LINE = 'meta.request-line.http';
const VARIABLE = 'meta.template.variable.http';

let grammar: IGrammar;
before(async () => {
  grammar = await httpGrammar();
});

function lines(text: string): Token[][] {
  return tokenise(grammar, text);
}

function describe(tokens: readonly Token[]): string {
  return tokens.map((t) => `  ${JSON.stringify(t.text)}: ${t.scopes.slice(1).join(' ')}`).join('\n');
}

/** The tokens that cover the first `fragment` on line `line` (after `from`, if given). */
function tokensOf(tokenised: Token[][], line: number, fragment: string, from = 0): Token[] {
  const tokens = tokenised[line];
  assert.ok(tokens, `no line ${line}`);
  const text = tokens.map((t) => t.text).join('');
  const start = text.indexOf(fragment, from);
  assert.ok(start >= 0, `${JSON.stringify(fragment)} is not on line ${line}: ${JSON.stringify(text)}`);
  const end = start + fragment.length;
  return tokens.filter((t) => t.start < end && t.start + t.text.length > start);
}

/** Every token of `fragment` carries `scope`. */
function assertScope(tokenised: Token[][], line: number, fragment: string, scope: string, from = 0): void {
  const tokens = tokensOf(tokenised, line, fragment, from);
  assert.ok(
    tokens.every((t) => t.scopes.includes(scope)),
    `${JSON.stringify(fragment)} on line ${line} is not ${scope}:\n${describe(tokenised[line]!)}`,
  );
}

/** No token of `fragment` carries `scope`. */
function assertNoScope(tokenised: Token[][], line: number, fragment: string, scope: string): void {
  const tokens = tokensOf(tokenised, line, fragment);
  assert.ok(
    tokens.every((t) => !t.scopes.includes(scope)),
    `${JSON.stringify(fragment)} on line ${line} is ${scope}:\n${describe(tokenised[line]!)}`,
  );
}

test('### separator: the marks and the title are scoped apart', () => {
  const t = lines('### Log in as beheerder\nGET https://example.org');
  assertScope(t, 0, '###', 'punctuation.separator.request.http');
  assertScope(t, 0, 'Log in as beheerder', 'markup.heading.request-title.http');
  assertNoScope(t, 0, 'Log in', 'punctuation.separator.request.http');
  assertScope(t, 1, 'GET', METHOD);
  // Any run of three or more, as the parser's SEPARATOR.
  const longer = lines('##### Zoeken');
  assertScope(longer, 0, '#####', 'punctuation.separator.request.http');
  assertNoScope(longer, 0, 'Zoeken', 'punctuation.separator.request.http');
});

test('# @name and # @registry: directive name and value are scoped distinctly', () => {
  const t = lines('# @name login\n// @registry vr-beheer\nPOST https://example.org/login');
  for (const [line, name, value] of [[0, 'name', 'login'], [1, 'registry', 'vr-beheer']] as const) {
    assertScope(t, line, '@', 'punctuation.definition.directive.http');
    assertScope(t, line, name, 'keyword.other.directive.http');
    assertScope(t, line, value, 'string.unquoted.directive-value.http');
    assertNoScope(t, line, value, 'keyword.other.directive.http');
    assertNoScope(t, line, name, 'string.unquoted.directive-value.http');
  }
});

test('# and // comments, before a request and among its headers', () => {
  const t = lines('# just a note\n// another note\nGET https://example.org\n# between headers\nAccept: */*');
  assertScope(t, 0, '# just a note', 'comment.line.http');
  assertScope(t, 1, '// another note', 'comment.line.http');
  assertScope(t, 0, '#', 'punctuation.definition.comment.http');
  assertScope(t, 3, '# between headers', 'comment.line.http');
  assertNoScope(t, 3, 'between', 'entity.name.tag.header.http');
  assertScope(t, 4, 'Accept', 'entity.name.tag.header.http');
});

test('request line: method, URL with a variable and a query, HTTP version', () => {
  const t = lines('POST https://{{host}}/v1/verenigingen?lang=nl HTTP/1.1');
  assertScope(t, 0, 'POST', METHOD);
  assertScope(t, 0, 'https://', 'string.other.link.url.http');
  assertScope(t, 0, '/v1/verenigingen', 'string.other.link.url.http');
  assertScope(t, 0, 'host', 'variable.other.http');
  assertScope(t, 0, '{{', 'punctuation.definition.template-expression.begin.http');
  assertScope(t, 0, 'lang', 'variable.parameter.query-name.http');
  assertScope(t, 0, 'nl', 'string.unquoted.query-value.http');
  assertScope(t, 0, 'HTTP/1.1', 'constant.language.http-version.http');
  assertNoScope(t, 0, 'HTTP/1.1', 'string.other.link.url.http');
});

test('every method the parser knows is a method to the grammar', () => {
  for (const method of METHODS) {
    const t = lines(`${method} https://example.org/x`);
    assertScope(t, 0, method, METHOD);
    // And it ends the request before it, as the parser's request boundary does.
    const after = lines(`GET https://example.org/a\n\n{"a": 1}\n${method} https://example.org/b`);
    assertScope(after, 3, method, METHOD);
    assertNoScope(after, 3, method, 'meta.body.http');
  }
});

test('a request line without a method, also one that is only a {{variable}}', () => {
  const t = lines('https://example.org/api/v1/verenigingen HTTP/1.1\n###\n{{$aadToken clear}}');
  assertScope(t, 0, 'https://example.org/api/v1/verenigingen', 'string.other.link.url.http');
  assertScope(t, 0, 'https://', REQUEST_LINE);
  assertScope(t, 0, 'HTTP/1.1', 'constant.language.http-version.http');
  assertScope(t, 2, '{{$aadToken clear}}', REQUEST_LINE);
  assertScope(t, 2, '$aadToken', 'support.function.dynamic-variable.http');
  assertScope(t, 2, 'clear', 'variable.parameter.http');
});

test('query continuation lines', () => {
  const t = lines('GET https://example.org/verenigingen\n    ?q=Oudenaarde\n    &limit={{limit}}\nAccept: application/json');
  assertScope(t, 1, '?', 'punctuation.separator.query.http');
  assertScope(t, 1, 'q', 'variable.parameter.query-name.http');
  assertScope(t, 1, 'Oudenaarde', 'string.unquoted.query-value.http');
  assertScope(t, 2, '&', 'punctuation.separator.query.http');
  assertScope(t, 2, 'limit', 'variable.parameter.query-name.http');
  assertScope(t, 2, 'limit', 'variable.other.http', 8);
  assertScope(t, 3, 'Accept', 'entity.name.tag.header.http');
});

test('headers: name and value, with a response reference and a dynamic variable in the value', () => {
  const t = lines(
    'GET https://example.org\nAuthorization: Bearer {{login.response.body.$.token}}\nX-Correlation-Id: {{$guid}}',
  );
  assertScope(t, 1, 'Authorization', 'entity.name.tag.header.http');
  assertScope(t, 1, ':', 'punctuation.separator.key-value.http');
  assertScope(t, 1, 'Bearer', 'string.unquoted.header-value.http');
  assertNoScope(t, 1, 'Bearer', 'entity.name.tag.header.http');
  assertScope(t, 1, 'login.response.body.$.token', 'variable.other.http');
  assertScope(t, 1, '{{login.response.body.$.token}}', VARIABLE);
  assertScope(t, 2, 'X-Correlation-Id', 'entity.name.tag.header.http');
  assertScope(t, 2, '$guid', 'support.function.dynamic-variable.http');
});

test('an httpYac header spread line: the spread and the variable it takes its headers from', () => {
  const t = lines('GET https://example.org\n...defaultHeaders\nAccept: application/json\n\n{"a": 1}');
  assertScope(t, 1, '...', 'keyword.operator.spread.http');
  assertScope(t, 1, 'defaultHeaders', 'variable.other.http');
  assertScope(t, 1, 'defaultHeaders', 'meta.header-spread.http');
  assertNoScope(t, 1, 'defaultHeaders', 'entity.name.tag.header.http');
  // Not a spread: more than a name after the dots, which the parser also leaves alone.
  const other = lines('GET https://example.org\n...default Headers');
  assertNoScope(other, 1, 'default', 'meta.header-spread.http');
  assertScope(t, 2, 'Accept', 'entity.name.tag.header.http');
});

test('JSON body: embedded JSON tokens, {{variables}} found inside its strings and values', () => {
  const t = lines(
    [
      'POST https://example.org/verenigingen',
      'Content-Type: application/json',
      '',
      '{',
      '  "naam": "Vereniging {{$guid}}",',
      '  "token": "{{login.response.body.$.token}}",',
      '  "aantal": {{aantal}},',
      '  "actief": true',
      '}',
    ].join('\n'),
  );
  assertScope(t, 3, '{', 'meta.embedded.block.json');
  assertScope(t, 3, '{', 'punctuation.definition.dictionary.begin.json');
  assertScope(t, 4, 'naam', 'support.type.property-name.json');
  assertScope(t, 4, 'Vereniging', 'string.quoted.double.json');
  assertScope(t, 4, '$guid', 'support.function.dynamic-variable.http');
  assertScope(t, 5, 'login.response.body.$.token', 'variable.other.http');
  assertScope(t, 5, '{{login.response.body.$.token}}', VARIABLE);
  assertScope(t, 6, 'aantal', 'variable.other.http', 10);
  assertNoScope(t, 6, '{{', 'punctuation.definition.dictionary.begin.json');
  assertScope(t, 7, 'true', 'constant.language.json');
  assertScope(t, 8, '}', 'punctuation.definition.dictionary.end.json');
});

test('an unclosed JSON body ends at ###, and the next request is a request again', () => {
  const t = lines('POST https://example.org/a\n\n{"a": [1,\n###\nGET https://example.org/b');
  assertScope(t, 3, '###', 'punctuation.separator.request.http');
  assertNoScope(t, 3, '###', 'meta.embedded.block.json');
  assertScope(t, 4, 'GET', METHOD);
  assertNoScope(t, 4, 'GET', 'meta.body.http');
});

test('< ./file.json includes a file as the body', () => {
  const t = lines('POST https://example.org/a\nContent-Type: application/json\n\n< ./vereniging.json\n<@latin1 ./{{naam}}.txt');
  assertScope(t, 3, '<', 'keyword.operator.file-include.http');
  assertScope(t, 3, './vereniging.json', 'string.unquoted.file-path.http');
  assertScope(t, 4, '<@', 'keyword.operator.file-include.http');
  assertScope(t, 4, 'latin1', 'constant.other.encoding.http');
  assertScope(t, 4, 'naam', 'variable.other.http');
});

test('> {% … %} response handler: markers scoped, the code embedded as JavaScript', () => {
  const t = lines(
    'POST https://example.org/login\n\n> {%\n  client.global.set("token", response.body.token);\n%}\nGET https://example.org/me',
  );
  assertScope(t, 2, '>', 'keyword.operator.script.http');
  assertScope(t, 2, '{%', 'punctuation.section.embedded.begin.http');
  assertScope(t, 3, 'client.global.set', 'meta.embedded.block.javascript');
  assertNoScope(t, 3, 'client', 'meta.embedded.block.json');
  assertScope(t, 4, '%}', 'punctuation.section.embedded.end.http');
  assertScope(t, 5, 'GET', METHOD);
});

test('an httpYac {{ … }} script block is a script, not a request line', () => {
  const t = lines('{{\n  exports.when = Date.now();\n}}\nGET https://example.org/{{when}}');
  assertScope(t, 0, '{{', 'punctuation.section.embedded.begin.http');
  assertNoScope(t, 0, '{{', REQUEST_LINE);
  assertScope(t, 1, 'exports', 'meta.embedded.block.javascript');
  assertScope(t, 2, '}}', 'punctuation.section.embedded.end.http');
  assertScope(t, 3, 'GET', METHOD);
});

test('?? status == 200 assertion', () => {
  const t = lines('GET https://example.org\n\n?? status == 200');
  assertScope(t, 2, '??', 'keyword.operator.assertion.http');
  assertScope(t, 2, 'status == 200', 'string.unquoted.assertion.http');
});

test('@host = example.org file variable', () => {
  const t = lines('@host = example.org\n@url = https://{{host}}/v1\nGET {{url}}/verenigingen');
  assertScope(t, 0, '@', 'punctuation.definition.variable.http');
  assertScope(t, 0, 'host', 'variable.other.definition.http');
  assertScope(t, 0, '=', 'keyword.operator.assignment.http');
  assertScope(t, 0, 'example.org', 'string.unquoted.variable-value.http');
  assertScope(t, 1, 'host', 'variable.other.http', 5);
  assertNoScope(t, 0, 'host', REQUEST_LINE);
  assertScope(t, 2, 'GET', METHOD);
});

test('a multipart body keeps its embedded request lines (OData $batch) until the closing boundary', () => {
  const t = lines(
    [
      'POST https://example.org/$batch',
      'Content-Type: multipart/mixed; boundary=batch_1',
      '',
      '--batch_1',
      'Content-Type: application/http',
      '',
      'GET /service/Customers HTTP/1.1',
      '',
      '--batch_1--',
      'GET https://example.org/next',
    ].join('\n'),
  );
  assertScope(t, 1, 'Content-Type', 'entity.name.tag.header.http');
  assertScope(t, 1, 'boundary=batch_1', 'string.unquoted.header-value.http');
  assertScope(t, 4, 'Content-Type', 'entity.name.tag.header.http');
  assertNoScope(t, 6, 'GET', METHOD);
  assertScope(t, 8, '--batch_1--', 'punctuation.separator.boundary.http');
  assertScope(t, 9, 'GET', METHOD);
});
