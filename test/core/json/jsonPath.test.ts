import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { isAddressableKey, isAddressablePath, jsonPath, memberPath } from '../../../src/core/json/jsonPath';

/** Whether `document` holds a node at `steps` (own keys only), as the response view's index says. */
const holds =
  (document: unknown) =>
  (steps: readonly (string | number)[]): boolean =>
    steps.reduce<unknown>((v, s) => (v && typeof v === 'object' && Object.hasOwn(v, s) ? (v as Record<string, unknown>)[s] : undefined), document) !== undefined;

test('paths read naturally: .name, [index], quoted and escaped keys', () => {
  assert.equal(jsonPath(['verenigingen', 0, 'naam']), '$.verenigingen[0].naam');
  assert.equal(memberPath('$', 'e-mail'), "$['e-mail']");
  assert.equal(memberPath('$', '@context'), '$[`@context]');
  assert.equal(memberPath('$', "it's"), "$[`it's]");
  assert.equal(isAddressableKey('a]b'), false);
  // the empty key is quoted: `[`]` would name the key "`" (fast-check found it)
  assert.equal(memberPath('$', ''), "$['']");
  // jsonpath-plus's own markers and selectors inside a key (fast-check found %@%)
  for (const key of ['%@%', 'a%%@@%%b', "x'(1)'yz", "x'?(1)'yz", 'a@string()']) assert.equal(isAddressableKey(key), false, key);
});

test('an escaped key beside the key "`" + itself is not offered: jsonpath-plus would read the step literally', () => {
  // fast-check found it: in {"": {"(": "", "`(": null}} the path $[''][`(] reads "`(", not "(".
  const document = { '': { '(': 'A', '`(': 'B' }, q: { '(': 'C' } };
  const has = holds(document);
  assert.equal(isAddressablePath(['', '('], has), false);
  assert.equal(isAddressablePath(['', '`('], has), true);
  assert.equal(isAddressablePath(['q', '('], has), true);
  assert.deepEqual(JSONPath({ path: jsonPath(['q', '(']), json: document, wrap: true }), ['C']);
  assert.deepEqual(JSONPath({ path: jsonPath(['', '`(']), json: document, wrap: true }), ['B']);
});

// The path a node shows must find that node through the resolver that reads
// {{name.response.body.$…}} (jsonpath-plus): for any JSON, every node's path gives it back.
test('every node of any JSON value is found again by its path (jsonpath-plus, as the request variables use)', () => {
  // Plain strings, strings of jsonpath-plus's operator characters, and known hard keys.
  const operatorChars = fc.string({ unit: fc.constantFrom('%', '@', '`', '(', ')', "'", '?', '.', '$', '*', ',', ':', 'a', '1', '"', ' ', '-', '!', '=', '\\') });
  const key = fc.oneof(fc.string(), operatorChars, fc.constantFrom('@context', '$ref', '*', 'e-mail', "it's", 'a b', '0', 'x.y', '`x', '', '`', '%@%', "a'(b)'cd", '@string()', '(', '`('));
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
  })).value;
  fc.assert(
    fc.property(fc.dictionary(key, json, { maxKeys: 5 }), (document) => {
      const has = holds(document);
      const visit = (value: unknown, steps: (string | number)[]) => {
        if (steps.length && isAddressablePath(steps, has) && !steps.some((s) => s === '__proto__')) {
          const found = JSONPath({ path: jsonPath(steps), json: document as object, wrap: true }) as unknown[];
          assert.deepEqual(found[0], value, `${jsonPath(steps)} in ${JSON.stringify(document)}`);
          assert.equal(found.length, 1, jsonPath(steps));
        }
        if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...steps, i]));
        else if (value && typeof value === 'object') for (const [k, child] of Object.entries(value)) visit(child, [...steps, k]);
      };
      visit(document, []);
    }),
    { numRuns: 1000 },
  );
});
