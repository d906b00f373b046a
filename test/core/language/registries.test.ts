// Every registry's served description (registries/<id>/openapi.yaml) through the language
// features: a request written for each operation is recognised (no unknown path or method,
// nothing required missing), its path is offered by completion and explained by hover, and
// the registry's mandatory headers are offered on a new header line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import type { OperationInfo } from '../../../src/core/openapi/types';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import { diagnose } from '../../../src/core/language/diagnostics';
import { complete } from '../../../src/core/language/completion';
import { hover } from '../../../src/core/language/hover';
import { enumValues, properties } from '../../../src/core/language/schemaWalk';
import type { LanguageContext } from '../../../src/core/language/types';
import { document, loadIndex, root } from './helpers';

const registriesDir = join(root, 'registries');
const served = readdirSync(registriesDir).filter((id) => existsSync(join(registriesDir, id, 'openapi.yaml')));

/** A request for `op` as a user would write it: sample path values, required query and headers. */
function requestFor(op: OperationInfo, entry: RegistryEntry): string {
  const sample = (schema: unknown, fallback: string) => String(enumValues([schema as never])[0] ?? fallback);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'vCode' ? 'V0001001' : '1'));
  const query = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${sample(p.schema, '1')}`);
  const headers = [
    ...entry.mandatoryHeaders.map((h) => `${h.name}: ${h.value}`),
    ...op.parameters.filter((p) => p.in === 'header' && p.required && !entry.mandatoryHeaders.some((h) => h.name.toLowerCase() === p.name.toLowerCase())).map((p) => `${p.name}: ${sample(p.schema, 'x')}`),
  ];
  return `${op.method} {{baseUrl}}${path}${query.length ? `?${query.join('&')}` : ''}\n${headers.map((h) => `${h}\n`).join('')}`;
}

test('registries serve descriptions (at least the first five)', () => {
  assert.ok(served.length >= 5, served.join());
});

for (const id of served) {
  test(`${id}: every operation is recognised, completed and explained`, async () => {
    const catalog = await loadCatalog({ bundledDir: registriesDir, readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
    const entry = catalog.entries.find((e) => e.id === id)!;
    const sandbox = entry.environments.find((e) => e.sandbox)!;
    const index = await loadIndex(sandbox.openapi);
    const context: LanguageContext = { registry: entry, environment: sandbox, baseUrl: sandbox.baseUrl, index, variables: [{ name: 'baseUrl', value: sandbox.baseUrl, source: 'environment' }, { name: 'vrInitiator', value: 'OVO000001', source: 'environment' }, { name: 'vngClientId', value: 'x', source: 'environment' }] };
    assert.ok(index.operations.length > 0);
    for (const op of index.operations) {
      const text = requestFor(op, entry);
      const doc = document(text);
      const found = diagnose(doc, context).filter((d) => d.code !== 'spec/body-schema' && d.code !== 'spec/deprecated');
      assert.deepEqual(found.map((d) => `${d.code} ${d.message}`), [], `${op.method} ${op.path}\n${text}`);

      const firstLine = text.split('\n')[0];
      const pathStart = firstLine.indexOf('}}') + 2;
      const items = complete(doc, { line: 0, character: pathStart + 1 }, context);
      assert.ok(items.some((i) => i.label === op.path), `path completion for ${op.path}`);

      const info = hover(doc, { line: 0, character: pathStart + 1 }, context);
      assert.ok(info?.contents.includes(`Operation \`${op.id}\``), `hover for ${op.id}: ${info?.contents}`);
    }
    for (const op of index.operations) {
      const path = op.path.replace(/\{([^}]+)\}/g, '1');
      const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      if (query.length) {
        const names = complete(document(`${op.method} {{baseUrl}}${path}?`), { line: 0, character: `${op.method} {{baseUrl}}${path}?`.length }, context).map((i) => i.label);
        assert.deepEqual([...names].sort(), [...new Set(query)].sort(), `query names of ${op.id}`);
      }
      const schema = op.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const head = `${op.method} {{baseUrl}}${path}\nContent-Type: application/json\n\n`;
      const writable = properties([schema]).filter((p) => !p.readOnly);
      const keys = complete(document(`${head}{}`), { line: 3, character: 1 }, context).map((i) => i.label);
      for (const p of writable) assert.ok(keys.includes(p.name), `${op.id}: body property ${p.name} offered`);
      const required = writable.filter((p) => p.required);
      const skeleton = complete(document(head), { line: 3, character: 0 }, context)[0]?.insertText ?? '';
      for (const p of required) assert.ok(skeleton.includes(JSON.stringify(p.name)), `${op.id}: skeleton has ${p.name}`);
      const withEnum = writable.find((p) => enumValues(p.schemas).length > 1);
      if (withEnum) {
        const text = `${head}{${JSON.stringify(withEnum.name)}: }`;
        const values = complete(document(text), { line: 3, character: text.split('\n')[3].length - 1 }, context).map((i) => i.label);
        assert.deepEqual(values.slice(0, enumValues(withEnum.schemas).length), enumValues(withEnum.schemas).map((v) => JSON.stringify(v)), `${op.id}: enum of ${withEnum.name}`);
      }
      if (required.length && op.method !== 'PATCH') {
        const headers = entry.mandatoryHeaders.map((h) => `${h.name}: ${h.value}\n`).join('') + op.parameters.filter((p) => p.in === 'header' && p.required).map((p) => `${p.name}: ${String(enumValues([p.schema])[0] ?? 'x')}\n`).join('');
        const found = diagnose(document(`${op.method} {{baseUrl}}${path}\n${headers}Content-Type: application/json\n\n{}`), context);
        assert.ok(found.some((d) => d.code === 'spec/body-schema' && d.message === `${required[0].name} is required`), `${op.id}: ${found.map((d) => d.message).join('; ')}`);
      }
    }
    // Without the registry's mandatory headers, each is reported; a release's renamed field in a
    // body where the schema knows the new name is reported at its key.
    if (entry.mandatoryHeaders.length) {
      const bare = diagnose(document(`GET {{baseUrl}}${index.operations[0].path.replace(/\{[^}]+\}/g, '1')}\n`), context);
      assert.deepEqual(bare.filter((d) => d.code === 'spec/missing-header').map((d) => d.message.split(' requires the header ')[1].split(' ')[0]), entry.mandatoryHeaders.map((h) => h.name));
    }
    let renamesChecked = 0;
    for (const rename of entry.releases?.renames ?? []) {
      const oldName = rename.from.slice(rename.from.lastIndexOf('.') + 1);
      const newName = rename.to.slice(rename.to.lastIndexOf('.') + 1);
      const qualifier = rename.from.split('.').slice(-2)[0];
      for (const op of index.operations) {
        const schema = op.requestBody?.content['application/json']?.schema;
        // Where in this body an object knows the new name (under a key of the rename's kind).
        const at = objectPathWith(schema, newName, oldName, qualifier);
        if (!at) continue;
        let body = `{"${oldName}": 1}`;
        for (const segment of [...at].reverse()) body = typeof segment === 'number' ? `[${body}]` : `{"${segment}": ${body}}`;
        const headers = entry.mandatoryHeaders.map((h) => `${h.name}: ${h.value}\n`).join('');
        const found = diagnose(document(`${op.method} {{baseUrl}}${op.path.replace(/\{[^}]+\}/g, '1')}\n${headers}Content-Type: application/json\n\n${body}`), context);
        assert.deepEqual(found.filter((d) => d.code === 'spec/renamed-field').map((d) => d.range.start.character), [body.indexOf(`"${oldName}"`)], `${op.id}: ${body}`);
        renamesChecked++;
      }
    }
    if (id === 'vr-beheer') assert.ok(renamesChecked > 0, 'the v8.32 renames were exercised');
    const unknown = diagnose(document('GET {{baseUrl}}/bestaat/niet/echt\n'), context);
    assert.deepEqual(unknown.filter((d) => d.code.startsWith('spec/unknown')).map((d) => d.code), ['spec/unknown-path']);
    const first = index.operations[0];
    const names = complete(document(`${first.method} {{baseUrl}}${first.path}\n\n`), { line: 1, character: 0 }, context).map((i) => i.label);
    for (const h of entry.mandatoryHeaders) {
      assert.ok(names.includes(h.name), `${h.name} offered for ${id}`);
      const values = complete(document(`${first.method} {{baseUrl}}${first.path}\n${h.name}: `), { line: 1, character: h.name.length + 2 }, context).map((i) => i.label);
      assert.equal(values[0], h.value);
    }
  });
}

/** A path (keys and array indices) to an object whose properties hold `name` but not `old`, under a key starting with `qualifier`. */
function objectPathWith(schema: unknown, name: string, old: string, qualifier: string, path: (string | number)[] = [], depth = 0): (string | number)[] | undefined {
  if (!schema || depth > 4) return undefined;
  const names = properties([schema as never]).map((p) => p.name);
  const ancestor = [...path].reverse().find((s): s is string => typeof s === 'string');
  if (ancestor?.toLowerCase().startsWith(qualifier.toLowerCase()) && names.includes(name) && !names.includes(old)) return path;
  for (const p of properties([schema as never])) {
    for (const child of p.schemas) {
      const items = (child as { items?: unknown }).items;
      const found = items ? objectPathWith(items, name, old, qualifier, [...path, p.name, 0], depth + 1) : objectPathWith(child, name, old, qualifier, [...path, p.name], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
