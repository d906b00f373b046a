import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { cli, store } from 'httpyac';
import { parseHttp } from '../../../src/core/http/parser';

// httpyac 6 is the oracle the corpus counts come from. On files made of the forms both read
// the same way, the two must find the same number of requests. Left out on purpose, because
// we read them differently by design (README.md): `@x` without `=`, kulala `import`/`run`,
// `<>`/`>>` lines before any request, and unclosed `{{` / `> {%` / `/*`.

const pieces = [
  '###', '### Titel', '# c', '# @name a', '// @name b', '// c', '@host = example.org', '@id=1',
  'GET https://example.org/a', 'POST /b HTTP/1.1', 'GET /x HTTP/1.1', 'PUT http://a.b/c', 'DELETE x', 'PATCH {{host}}/p', '{{host}}/e', 'https://f.example',
  'GRPC /Svc', 'WS ws://x', 'MQTT mqtt://x', '  ?q=1', '  &r=2', 'Content-Type: application/json', 'X-A: {{$guid}}', 'Accept: */*',
  '', '', '', '', '{"a": 1}', '[', ']', 'text', 'two words', '< ./f.json', '<@ ./g.json', '?? status == 200', '> {% client.log(1) %}', '> ./h.js',
  'HTTP/1.1 200 OK',
];

test('request counts agree with httpyac on generated files of shared forms', async (t) => {
  // httpyac resolves paths through a global file provider its CLI installs; this test file runs
  // in its own process, so the global does not leak into other tests.
  cli.initFileProvider();
  // httpyac looks for its configuration beside the file: an empty folder keeps that quick.
  const folder = mkdtempSync(join(tmpdir(), 'regx-httpyac-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const documents = fc.sample(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 14 }), { numRuns: 400, seed: 20261125 });
  const differences: string[] = [];
  for (const lines of documents) {
    const text = lines.join('\n');
    const parsed = await new store.HttpFileStore().getOrCreate(join(folder, 'generated.http'), () => Promise.resolve(text), 0, { workingDir: folder });
    const theirs = parsed.httpRegions.filter((region) => region.request).length;
    const ours = parseHttp(text).requests.length;
    if (theirs !== ours) differences.push(`httpyac ${theirs}, ours ${ours}:\n${text}`);
  }
  assert.deepEqual(differences, []);
});
