// A body property the description does not declare (a typo, a field of another registry) is a
// warning at its key, with "did you mean" and a fix when a declared name is close — unless the
// schema explicitly allows more properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { diagnose } from '../../../src/core/language/diagnostics';
import { quickFixes } from '../../../src/core/language/quickFixes';
import type { LanguageContext } from '../../../src/core/language/types';
import { document, loadIndex, root } from './helpers';

async function beheer(): Promise<LanguageContext> {
  const catalog = await loadCatalog({ bundledDir: join(root, 'registries'), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const entry = catalog.entries.find((e) => e.environments.some((env) => env.sandbox) && e.mandatoryHeaders.some((h) => h.name === 'VR-Initiator'))!;
  const sandbox = entry.environments.find((e) => e.sandbox)!;
  return { registry: entry, environment: sandbox, baseUrl: sandbox.baseUrl, index: await loadIndex(sandbox.openapi), variables: [{ name: 'baseUrl', value: sandbox.baseUrl, source: 'environment' }, { name: 'vrInitiator', value: 'OVO000001', source: 'environment' }] };
}

const REGISTER = 'POST {{baseUrl}}/v1/verenigingen/feitelijkeverenigingen\nx-correlation-id: {{$guid}}\nVR-Initiator: {{vrInitiator}}\nContent-Type: application/json\n\n';

test("a VR registration with 'kleur' and a misspelt 'korteNam': a warning at each key, the near one with its fix", async () => {
  const body = '{\n  "naam": "Kaartclub",\n  "korteNam": "KC",\n  "kleur": "groen",\n  "doelgroep": { "minimumleeftijd": 16, "maximumleeftijd": 150, "maximumleeftyd": 3 },\n  "{{extra}}": 1\n}\n';
  const found = diagnose(document(REGISTER + body), await beheer()).filter((d) => d.code === 'spec/unknown-property');
  assert.deepEqual(
    found.map((d) => [`${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`, d.severity, d.message]),
    [
      ['7:2-12', 'warning', "the body has no property 'korteNam' in the description (did you mean 'korteNaam'?)"],
      ['8:2-9', 'warning', "the body has no property 'kleur' in the description"],
      ['9:64-80', 'warning', "'doelgroep' has no property 'maximumleeftyd' in the description (did you mean 'maximumleeftijd'?)"],
    ],
  );
  assert.equal(quickFixes(found[0]!)[0]?.edits[0]?.newText, '"korteNaam"');
  assert.deepEqual(quickFixes(found[1]!), []);
});

test('the samples declare nothing unknown: the real registration body has no such warning', async () => {
  const text = await readFile(join(root, 'samples', 'vr-beheer', 'registreren-en-wijzigen.http'), 'utf8');
  const found = diagnose(document(text), { ...(await beheer()), variables: [{ name: 'vrBeheerBaseUrl', value: 'http://127.0.0.1:7402', source: 'environment' }, { name: 'baseUrl', value: 'http://127.0.0.1:7402', source: 'environment' }, { name: 'vrInitiator', value: 'OVO000001', source: 'environment' }] });
  assert.deepEqual(found.filter((d) => d.code === 'spec/unknown-property'), []);
});

test('a schema that allows more properties explicitly gets no warning; one that forbids them is the validator\'s error, not a second warning', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-unknown-'));
  try {
    const file = join(dir, 'openapi.json');
    const object = (extra: Record<string, unknown>) => ({ type: 'object', properties: { naam: { type: 'string' } }, ...extra });
    await writeFile(
      file,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'T', version: '1' },
        paths: {
          '/open': { post: { requestBody: { content: { 'application/json': { schema: object({ additionalProperties: true }) } } }, responses: { '200': { description: 'ok' } } } },
          '/typed': { post: { requestBody: { content: { 'application/json': { schema: object({ additionalProperties: { type: 'string' } }) } } }, responses: { '200': { description: 'ok' } } } },
          '/pattern': { post: { requestBody: { content: { 'application/json': { schema: object({ patternProperties: { '^x-': {} } }) } } }, responses: { '200': { description: 'ok' } } } },
          '/closed': { post: { requestBody: { content: { 'application/json': { schema: object({ additionalProperties: false }) } } }, responses: { '200': { description: 'ok' } } } },
          '/silent': { post: { requestBody: { content: { 'application/json': { schema: object({}) } } }, responses: { '200': { description: 'ok' } } } },
        },
      }),
    );
    const context: LanguageContext = { index: await loadIndex(file), baseUrl: 'http://h', variables: [] };
    const codes = (path: string, key: string) => diagnose(document(`POST http://h${path}\nContent-Type: application/json\n\n{ "naam": "a", "${key}": "b" }\n`), context).map((d) => d.code);
    assert.deepEqual(codes('/open', 'kleur'), []);
    assert.deepEqual(codes('/typed', 'kleur'), []);
    assert.deepEqual(codes('/pattern', 'x-kleur'), []);
    assert.deepEqual(codes('/pattern', 'kleur'), ['spec/unknown-property']);
    assert.deepEqual(codes('/closed', 'kleur'), ['spec/body-schema']);
    assert.deepEqual(codes('/silent', 'naaam'), ['spec/unknown-property']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
