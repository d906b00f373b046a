// Criterion Objects of every type, with the specification's comparison rules and the values a
// report shows for a failed criterion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCriterion } from '../../../src/core/flows/evaluateCriterion';
import { evaluateSimpleCondition, parseSimpleCondition } from '../../../src/core/flows/simpleCondition';
import type { ExpressionContext } from '../../../src/core/flows/evaluateExpression';

const json = { count: 3, status: 'Actief', data: { id: 7 }, pets: [{ name: 'Rex', tags: [] }, { name: 'Tom', tags: ['x'] }], empty: null, flag: true, code: '0042' };
const ctx = (over: Partial<ExpressionContext> = {}): ExpressionContext => ({
  statusCode: 200,
  url: 'http://127.0.0.1/x',
  method: 'GET',
  response: { headers: [['Content-Type', 'application/json; charset=utf-8'], ['X-Count', '5'], ['X-Flag', 'TRUE']], body: json },
  inputs: { threshold: 2, expectedStatus: 'actief', statusPattern: 'Actief|Gestopt', name: 'rex' },
  steps: { prev: { outputs: { id: 7 } } },
  workflows: {},
  sourceDescriptions: {},
  ...over,
});
const passes = (condition: string, c = ctx()) => assert.equal(evaluateSimpleCondition(condition, c).passed, true, condition);
const fails = (condition: string, c = ctx()) => assert.equal(evaluateSimpleCondition(condition, c).passed, false, condition);

test('simple: literals, every operator, grouping, index and property access', () => {
  passes('$statusCode == 200');
  fails('$statusCode == 201');
  passes('$statusCode != 404');
  passes('$statusCode >= 200 && $statusCode < 300');
  fails('$statusCode > 200 || $statusCode <= 199');
  passes('!($statusCode == 500)');
  passes('!false');
  passes('$response.body.count > $inputs.threshold');
  passes('$response.body.data != null');
  passes('$response.body.pets[1].name == \'Tom\'');
  passes("$response.body.pets[0]['name'] == 'rex'");
  passes('$response.body.pets.length == 2');
  passes('$response.body#/data/id == $steps.prev.outputs.id');
  passes('$response.body.flag');
  passes('($statusCode == 200 && ($response.body.count == 3 || false)) && true');
  passes("'it''s' == 'IT''S'", ctx());
  passes('1.5e1 == 15');
  passes('-1 < 0');
});

test('simple: strings compare case-insensitively, numeric strings as numbers, null only equals null', () => {
  passes("$response.body.status == 'actief'");
  passes("$response.body.status == 'ACTIEF'");
  passes("$response.header.content-type != 'text/html'");
  passes("$response.body.status > 'aaa'", ctx());
  passes("'B' > 'a'");
  passes('$response.header.X-Count == 5');
  passes('$response.header.X-Count > 4');
  passes("$statusCode == '200'");
  passes("$response.body.code == 42", ctx());
  passes('$response.header.X-Flag == true');
  passes('$response.header.X-Flag');
  passes('$response.body.empty == null');
  passes('$response.body.missing == null');
  passes('null == null');
  fails('$response.body.empty == 0');
  fails("$response.body.empty == ''");
  fails('$response.body.empty < 1');
  fails('$response.body.empty >= 0');
  passes('$response.body.empty != 0', ctx());
  fails('$response.body.count');
  fails('$response.body.missing');
  passes('$response.body.data == $response.body.data');
});

test('simple: a failed comparison keeps both evaluated sides', () => {
  const result = evaluateSimpleCondition('$statusCode == 200 && $response.header.ETag != null', ctx({ statusCode: 412 }));
  assert.equal(result.passed, false);
  assert.deepEqual(result.comparisons, [{ left: '$statusCode', leftValue: 412, operator: '==', right: '200', rightValue: 200, passed: false }]);
  const both = evaluateSimpleCondition('$statusCode == 200 || $response.body.status == \'Gestopt\'', ctx({ statusCode: 500 }));
  assert.deepEqual(both.comparisons.map((c) => [c.left, c.leftValue, c.right, c.rightValue]), [['$statusCode', 500, '200', 200], ['$response.body.status', 'Actief', "'Gestopt'", 'Gestopt']]);
});

test('simple: syntax errors name the problem', () => {
  assert.throws(() => parseSimpleCondition('$statusCode = 200'), /unexpected '='/);
  assert.throws(() => parseSimpleCondition('$statusCode == Actief'), /write strings in single quotes/);
  assert.throws(() => parseSimpleCondition("$statusCode == 'open"), /not closed/);
  assert.throws(() => parseSimpleCondition('($statusCode == 200'), /'\)' expected/);
  assert.throws(() => parseSimpleCondition('$[?count(@.pets) > 0]'), /type: jsonpath/);
  assert.throws(() => parseSimpleCondition(''), /empty/);
  const criterion = evaluateCriterion({ condition: '$statusCode === 200' }, ctx());
  assert.equal(criterion.passed, false);
  assert.match(criterion.error!, /unexpected/);
});

test('regex: applied to the context value, embedded expressions filled in first, null context fails', () => {
  assert.equal(evaluateCriterion({ context: '$statusCode', condition: '^2\\d{2}$', type: 'regex' }, ctx()).passed, true);
  assert.equal(evaluateCriterion({ context: '$statusCode', condition: '^200$', type: 'regex' }, ctx({ statusCode: 2000 })).passed, false);
  const embedded = evaluateCriterion({ context: '$response.body.status', condition: '^({$inputs.statusPattern})$', type: 'regex' }, ctx());
  assert.equal(embedded.passed, true, '$response.body.status, outside the grammar, is read as the pointer #/status');
  const viaPointer = evaluateCriterion({ context: '$response.body#/status', condition: '^({$inputs.statusPattern})$', type: 'regex' }, ctx());
  assert.equal(viaPointer.passed, true);
  assert.equal(viaPointer.evaluatedCondition, '^(Actief|Gestopt)$');
  assert.equal(viaPointer.contextValue, 'Actief');
  const none = evaluateCriterion({ context: '$response.body#/nothing', condition: '.*', type: 'regex' }, ctx());
  assert.equal(none.passed, false);
  assert.match(none.error!, /has no value/);
  assert.match(evaluateCriterion({ context: '$statusCode', condition: '(', type: 'regex' }, ctx()).error!, /not a valid regular expression/);
  assert.match(evaluateCriterion({ condition: '^2', type: 'regex' }, ctx()).error!, /needs a context/);
  assert.equal(evaluateCriterion({ context: '$response.body', condition: '"count":3', type: 'regex' }, ctx()).passed, true, 'structures match as JSON');
});

test('jsonpath (RFC 9535): a non-empty nodelist passes; filters, functions, embedded expressions', () => {
  const jp = (condition: string, over?: Partial<ExpressionContext>) => evaluateCriterion({ context: '$response.body', condition, type: 'jsonpath' }, ctx(over));
  assert.equal(jp('$.pets[?@.name == "Tom"]').passed, true);
  assert.equal(jp('$.pets[?@.name == "tom"]').passed, false, 'JSONPath comparisons are its own (case-sensitive)');
  assert.equal(jp('$.pets[?length(@.tags) > 0]').passed, true);
  assert.deepEqual(jp('$.pets[?length(@.tags) > 0].name').matches, ['Tom']);
  assert.equal(jp('$.nothing[*]').passed, false);
  assert.equal(jp('$[?count(@.pets) > 0]').passed, false, 'the root is an object: its members are tested, not the root');
  assert.equal(evaluateCriterion({ context: '$response.body', condition: '$.pets[?@.name == "{$steps.prev.outputs.id}"]', type: 'jsonpath' }, ctx({ steps: { prev: { outputs: { id: 'Rex' } } } })).passed, true);
  const bad = jp('$.pets[?');
  assert.equal(bad.passed, false);
  assert.match(bad.error!, /JSONPath/);
  const text = evaluateCriterion({ context: '$response.body', condition: '$.a', type: 'jsonpath' }, ctx({ response: { headers: [], body: '<a/>' } }));
  assert.match(text.error!, /not JSON/);
  const goessner = evaluateCriterion({ context: '$response.body', condition: '$.pets[?(@.name=="Rex")]', type: { type: 'jsonpath', version: 'draft-goessner-dispatch-jsonpath-00' } }, ctx());
  assert.equal(goessner.passed, true);
  assert.equal(goessner.version, 'draft-goessner-dispatch-jsonpath-00');
});

test('xpath (3.1): effective boolean value of booleans, numbers, strings and node sets; JSON is no XML', () => {
  const xml = '<root><pets><pet id="1">Rex</pet><pet id="2">Tom</pet></pets><empty/></root>';
  const xp = (condition: string) => evaluateCriterion({ context: '$response.body', condition, type: 'xpath' }, ctx({ response: { headers: [['Content-Type', 'application/xml']], body: xml } }));
  assert.equal(xp('count(/root/pets/*) > 0').passed, true);
  assert.equal(xp('count(/root/pets/*) > 5').passed, false);
  assert.equal(xp('/root/pets').passed, true);
  assert.equal(xp('/root/cats').passed, false);
  assert.equal(xp('count(/root/pets/*)').passed, true);
  assert.equal(xp('count(/root/cats)').passed, false);
  assert.equal(xp('string(/root/empty)').passed, false);
  assert.equal(xp('string(/root/pets/pet[@id="2"])').passed, true);
  assert.deepEqual(xp('/root/pets/pet[@id="2"]/text()').matches, ['Tom']);
  assert.match(xp('/root/[').error!, /XPath/);
  const json = evaluateCriterion({ context: '$response.body', condition: '/root', type: 'xpath' }, ctx());
  assert.equal(json.passed, false);
  assert.match(json.error!, /XML context/);
  const broken = evaluateCriterion({ context: '$response.body', condition: '/a', type: 'xpath' }, ctx({ response: { headers: [], body: '<a><b></a>' } }));
  assert.match(broken.error!, /not well-formed XML/);
});

test('xpath on text that is not XML: the text is the context item (XPath 3.1 string functions)', () => {
  const c = ctx({ response: { headers: [['Location', 'http://127.0.0.1:7402/v1/verenigingen/V0001042']], body: undefined } });
  const result = evaluateCriterion({ context: '$response.header.Location', condition: "matches(tokenize(., '/')[last()], '^V[0-9]{7}$')", type: 'xpath' }, c);
  assert.equal(result.passed, true, result.error);
  assert.equal(evaluateCriterion({ context: '$statusCode', condition: '. = 200', type: 'xpath' }, c).passed, true);
});
