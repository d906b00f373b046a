// Every runtime-expression form of the Arazzo ABNF (1.0.1 and 1.1.0), parsed and evaluated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpressionSyntaxError, looksLikeExpression, parseExpression, parseTemplate } from '../../../src/core/flows/runtimeExpression';
import { evaluateExpression, evaluateTemplate, lookupDotted, type ExpressionContext } from '../../../src/core/flows/evaluateExpression';

const context: ExpressionContext = {
  url: 'http://127.0.0.1:7402/v1/verenigingen/V0001001',
  method: 'PATCH',
  statusCode: 202,
  request: { headers: [['If-Match', 'W/"7"'], ['Accept', 'application/json']], query: { q: 'naam:kaart*', page: ['2', '3'] }, path: { vCode: 'V0001001' }, body: { naam: 'Kaartclub', tags: ['a', 'b/c'] } },
  response: { headers: [['ETag', 'W/"8"'], ['Location', '/v1/verenigingen/V0001001'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']], body: { status: 'Actief', 'a/b': { '~x': 1 }, items: [{ id: 'first' }, { id: 'second' }] } },
  inputs: { vCode: 'V0001001', 'company.name': 'dotted key', company: { id: 42, name: 'Bakkerij' }, list: [{ n: 1 }] },
  outputs: { total: 3 },
  steps: { lees: { outputs: { etag: 'W/"8"', doc: { naam: 'Kaartclub', list: [10, 20] } } } },
  workflows: { registreer: { inputs: { naam: 'X' }, outputs: { vCode: 'V0009999', body: { a: [1, 2] } } } },
  sourceDescriptions: { beheer: { name: 'beheer', url: '../openapi.yaml', type: 'openapi', ids: new Set(['registreer', 'url']) } },
  components: { parameters: { initiator: { name: 'VR-Initiator', in: 'header', value: 'OVO000001' } } },
  self: 'file:///flows/vr.arazzo.yaml',
};

const value = (text: string) => evaluateExpression(parseExpression(text), context);

test('$url, $method, $statusCode, $self', () => {
  assert.equal(value('$url'), context.url);
  assert.equal(value('$method'), 'PATCH');
  assert.equal(value('$statusCode'), 202);
  assert.equal(value('$self'), 'file:///flows/vr.arazzo.yaml');
});

test('$request./$response. header (case-insensitive token), query, path, body with and without pointer', () => {
  assert.equal(value('$request.header.if-match'), 'W/"7"');
  assert.equal(value('$response.header.ETAG'), 'W/"8"');
  assert.equal(value('$response.header.Set-Cookie'), 'a=1, b=2', 'repeated headers read as one value');
  assert.equal(value('$response.header.X-Missing'), undefined);
  assert.equal(value('$request.query.q'), 'naam:kaart*');
  assert.equal(value('$request.query.page'), '2', 'single values only');
  assert.equal(value('$request.path.vCode'), 'V0001001');
  assert.deepEqual(value('$request.body'), context.request!.body);
  assert.equal(value('$request.body#/tags/1'), 'b/c');
  assert.equal(value('$response.body#/status'), 'Actief');
  assert.equal(value('$response.body#/items/1/id'), 'second');
  assert.equal(value('$response.body#/a~1b/~0x'), 1, '~1 is / and ~0 is ~');
  assert.equal(value('$response.body#/items/5/id'), undefined);
  assert.equal(value('$response.body#/items/01'), undefined, 'a leading zero is no array index');
  assert.deepEqual(value('$response.body#'), context.response!.body, 'an empty pointer is the whole document');
  assert.equal(value('$message.body#/status'), 'Actief');
  assert.deepEqual(parseExpression('$message.payload#/status'), { text: '$message.payload#/status', kind: 'message', source: { kind: 'payload', pointer: ['status'] } });
});

test('$inputs and $outputs with pointers and dotted names (a key with a dot wins over a property)', () => {
  assert.equal(value('$inputs.vCode'), 'V0001001');
  assert.equal(value('$inputs.company.name'), 'dotted key');
  assert.equal(value('$inputs.company.id'), 42, 'no key company.id: property id of input company');
  assert.equal(value('$inputs.company#/name'), 'Bakkerij');
  assert.equal(value('$inputs.list#/0/n'), 1);
  assert.equal(value('$inputs.missing'), undefined);
  assert.equal(value('$outputs.total'), 3);
  assert.equal(lookupDotted({ a: { b: [5] } }, 'a.b.0'), 5);
});

test('$steps.ID.outputs.NAME[#pointer] and $workflows.ID.inputs|outputs.NAME[#pointer]', () => {
  assert.equal(value('$steps.lees.outputs.etag'), 'W/"8"');
  assert.equal(value('$steps.lees.outputs.doc#/list/1'), 20);
  assert.equal(value('$steps.lees.outputs.doc.naam'), 'Kaartclub');
  assert.equal(value('$steps.other.outputs.x'), undefined);
  assert.equal(value('$workflows.registreer.outputs.vCode'), 'V0009999');
  assert.equal(value('$workflows.registreer.inputs.naam'), 'X');
  assert.equal(value('$workflows.registreer.outputs.body#/a/1'), 2);
  assert.deepEqual(parseExpression('$workflows.wf-1.steps.step_2'), { text: '$workflows.wf-1.steps.step_2', kind: 'workflowStep', workflowId: 'wf-1', stepId: 'step_2' });
});

test('$sourceDescriptions: an operationId first, then a field of the source description; $components', () => {
  assert.deepEqual(value('$sourceDescriptions.beheer.registreer'), { sourceDescription: 'beheer', id: 'registreer' });
  assert.deepEqual(value('$sourceDescriptions.beheer.url'), { sourceDescription: 'beheer', id: 'url' }, 'an operationId named url wins');
  assert.equal(value('$sourceDescriptions.beheer.type'), 'openapi');
  assert.equal(value('$sourceDescriptions.nope.type'), undefined);
  assert.deepEqual(value('$components.parameters.initiator'), { name: 'VR-Initiator', in: 'header', value: 'OVO000001' });
  assert.deepEqual(parseExpression('$components.failureActions.retry.503'), { text: '$components.failureActions.retry.503', kind: 'components', type: 'failureActions', name: 'retry.503' });
});

test('malformed expressions are syntax errors that say what is expected, with the offset', () => {
  const fails = (text: string, message: RegExp) => {
    assert.throws(() => parseExpression(text), (error: unknown) => error instanceof ExpressionSyntaxError && message.test(error.message), text);
  };
  fails('$response.bodyx', /header\.NAME, query\.NAME, path\.NAME, body or payload/);
  fails('$response.header.', /header name is missing/);
  fails('$steps.a:x', /'\.outputs\.NAME'/);
  assert.match(parseExpression('$steps.a.token').note!, /write '\$steps\.a\.outputs\.token'/, "1.0's free name after $steps. is read as an output");
  assert.match(parseExpression('$response.headers.Location').note!, /header, singular/);
  fails('$workflows.w.nothing.x', /'\.inputs\.NAME', '\.outputs\.NAME'/);
  fails('$components.schemas.x', /not a component type/);
  fails('$response.body#status', /starts with '\/'/);
  fails('$response.body#/a~2', /~0 .* ~1/);
  fails('$statuscode', /not a runtime expression/);
  fails('$statusCode2', /not a runtime expression/);
  fails('$url extra', /unexpected ' extra'/);
  try {
    parseExpression('$steps.a.outputs.');
  } catch (error) {
    assert.equal((error as ExpressionSyntaxError).offset, '$steps.a.outputs.'.length);
  }
});

test('which strings are expressions: a literal that merely starts with $ is a literal', () => {
  assert.equal(looksLikeExpression('$inputs.x'), true);
  assert.equal(looksLikeExpression('$statusCode'), true);
  assert.equal(looksLikeExpression('$100 off'), false);
  assert.equal(looksLikeExpression('$urlencoded'), false);
  assert.equal(looksLikeExpression('available'), false);
});

test('{$…} embedded in strings: scalars as text, structures as JSON, missing as empty; other braces stay', () => {
  assert.equal(evaluateTemplate('/v1/verenigingen/{$inputs.vCode}/historiek', context), '/v1/verenigingen/V0001001/historiek');
  assert.equal(evaluateTemplate('{$statusCode}-{$method}', context), '202-PATCH');
  assert.equal(evaluateTemplate('{"doc": {$steps.lees.outputs.doc}}', context), '{"doc": {"naam":"Kaartclub","list":[10,20]}}');
  assert.equal(evaluateTemplate('x{$inputs.none}y', context), 'xy');
  assert.equal(evaluateTemplate('{ "plain": "json" }', context), '{ "plain": "json" }');
  assert.equal(evaluateTemplate('{$sourceDescriptions.beheer.type}#/paths/~1a/get', context), 'openapi#/paths/~1a/get');
  assert.throws(() => parseTemplate('a{$inputs.x'), /not closed/);
  assert.throws(() => parseTemplate('a{$nope}'), (error: unknown) => error instanceof ExpressionSyntaxError && error.offset === 2);
});
