import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttp } from '../../../src/core/http/parser';
import { listVisibleVariables, MASK } from '../../../src/core/variables/listVisibleVariables';
import type { VariableValue } from '../../../src/core/variables/types';

test('lists variables visible at a position with source and value, secrets masked', () => {
  const file = parseHttp(['@host = https://example.org', '', '# @name login', 'POST {{host}}/login', '', '###', '@page = 2', 'GET {{host}}/x?p={{page}}', ''].join('\n'));
  const environment = new Map<string, VariableValue>([
    ['apikey', { value: 'private-1', source: 'private-environment', secret: true, origin: '/w/http-client.private.env.json' }],
    ['user', { value: 'jan', source: 'environment', secret: false }],
  ]);
  const list = listVisibleVariables(file, { line: 7, character: 5 }, { environment });
  const byName = new Map(list.map((v) => [v.name, v]));
  assert.equal(byName.get('host')?.value, 'https://example.org');
  assert.equal(byName.get('host')?.source, 'file');
  assert.equal(byName.get('page')?.source, 'request');
  assert.equal(byName.get('apikey')?.value, MASK);
  assert.equal(byName.get('apikey')?.secret, true);
  assert.equal(byName.get('user')?.value, 'jan');
  assert.ok(byName.has('login.response.body.$'));
  assert.ok(byName.has('$guid'));
  assert.ok(!list.some((v) => v.value.includes('private-1')));
  const first = listVisibleVariables(file, { line: 3, character: 0 }, { environment });
  assert.ok(!first.some((v) => v.name === 'page'), 'a later request block variable is not visible');
  assert.ok(!first.some((v) => v.name.startsWith('login.')), 'a request does not see its own response');
});
