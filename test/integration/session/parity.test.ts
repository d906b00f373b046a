// Parity (issue 15): the same .http file — one request to each of the seven registries, auth
// written in the file or added by the policies — sent by `regx run` and by the editor's adapter
// leaves the same history entries, the same validation verdicts and the same redactions. And
// planted secrets for every registry appear in no history entry, output, report or log of
// either host, for passing sends (the sandbox's demo credentials) and failing ones (planted
// credentials the sandbox refuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../../../src/core/history/historyStore';
import { cliHost, editorHost, workspace, type Workspace } from './hosts';

/** An entry with what differs by run alone taken out: ids, clocks, ports, fresh GUIDs and tokens. */
function comparable(entry: HistoryEntry, ws: Workspace): unknown {
  let text = JSON.stringify(entry);
  for (const [origin, id] of ws.origins) text = text.split(origin).join(`<${id}>`);
  text = text.split(ws.dir).join('<workspace>');
  const value = JSON.parse(text) as HistoryEntry;
  const headers = (list: [string, string][]) => list.filter(([name]) => !/^(date|x-correlation-id|keep-alive|connection)$/i.test(name));
  return {
    request: { ...value.request, headers: headers(value.request.headers) },
    requestRedacted: value.requestRedacted,
    added: value.added,
    response: value.response && { ...value.response, headers: headers(value.response.headers).map(([n, v]) => [n, n.toLowerCase() === 'etag' ? '<etag>' : v]) },
    redirects: value.redirects,
    validation: value.validation,
    error: value.error,
    assertions: value.assertions,
  };
}

test('regx run and the editor leave the same history, validation and redactions for one file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'regx-parity-'));
  const cliWs = await workspace(join(root, 'cli'), 'parity');
  const editorWs = await workspace(join(root, 'editor'), 'parity');
  try {
    const cli = await cliHost(cliWs, 'parity');
    const editor = await editorHost(editorWs, 'parity');
    assert.equal(cli.history.length, 8, cli.output);
    assert.equal(editor.history.length, 8, editor.output);
    assert.deepEqual(editor.history.map((e) => comparable(e, editorWs)), cli.history.map((e) => comparable(e, cliWs)));

    // What the comparison stands on: every request reached its registry and was answered as a
    // client with valid credentials is, validated against its description.
    const statuses = cli.history.map((e) => e.response?.status);
    assert.deepEqual(statuses.map((s) => s !== undefined && s < 500 && s !== 401 && s !== 403), Array(8).fill(true), `statuses ${statuses.join(', ')}\n${cli.output}`);
    assert.ok(cli.history.every((e) => e.request.registry?.environment !== undefined), 'each record names its registry');
    assert.deepEqual(cli.history.map((e) => e.request.registry?.id), ['kvk', 'kvk', 'vr-publiek', 'vr-acm', 'vr-beheer', 'vng-klanten', 'data-collectief', 'allsolutions']);
    assert.ok(cli.history.filter((e) => e.validation).length >= 6, 'responses are validated on both sides');
    assert.ok(cli.history[1]!.added?.some((a) => a.header.toLowerCase() === 'apikey'), 'the auth policy added the KVK key the file left out');
    assert.deepEqual(cli.history[0]!.assertions, [{ text: 'status == 200', passed: true }]);
    // Passing sends: the sandbox's demo credentials are secrets like any other.
    for (const secret of [...cliWs.secrets, ...editorWs.secrets]) {
      assert.ok(!JSON.stringify(cli.history).includes(secret) && !cli.output.includes(secret), `CLI: a demo credential leaked (${secret.length} chars)`);
      assert.ok(!JSON.stringify(editor.history).includes(secret) && !editor.output.includes(secret), `editor: a demo credential leaked (${secret.length} chars)`);
    }
  } finally {
    await cliWs.sandbox.close();
    await editorWs.sandbox.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('planted secrets for every registry are in no history entry, output, report or log of either host, though every send fails', async () => {
  const root = mkdtempSync(join(tmpdir(), 'regx-planted-'));
  const planted = (variable: string) => `Planted-${variable}-Secret-9f3a1c7e2b`;
  const ws = await workspace(root, 'planted', planted);
  try {
    assert.ok(ws.secrets.length >= 6, `a planted credential per registry that has one: ${ws.secrets.length}`);
    // One of them comes from the process environment in the CLI and from SecretStorage in the editor.
    const fromSecrets = { kvkApiKey: planted('kvkApiKey').replace('Planted', 'Stored') };
    const json = join(root, 'report.json');
    const junit = await cliHost(ws, 'planted', ['--reporter', 'junit'], { REGX_SECRET_kvkApiKey: fromSecrets.kvkApiKey });
    const report = await cliHost(ws, 'planted', ['--reporter', 'json', '--out', json], { REGX_SECRET_kvkApiKey: fromSecrets.kvkApiKey });
    const pretty = await cliHost(ws, 'planted', [], { REGX_SECRET_kvkApiKey: fromSecrets.kvkApiKey });
    const editor = await editorHost(ws, 'planted', fromSecrets);
    assert.equal(junit.code, 1, 'the planted credentials are refused');
    assert.ok(editor.result!.results.some((r) => r.outcome === 'failed'));
    const refused = pretty.history.filter((e) => e.response && [401, 403].includes(e.response.status)).length;
    assert.ok(refused >= 4, `sends failed on the planted credentials: ${pretty.history.map((e) => e.response?.status ?? e.error?.code).join(', ')}`);
    const everything = [junit.output, report.output, readFileSync(json, 'utf8'), pretty.output, editor.output, readFileSync(join(root, 'cli-history.jsonl'), 'utf8'), readFileSync(join(root, 'editor-history.jsonl'), 'utf8')].join('\n');
    for (const secret of [...ws.secrets, fromSecrets.kvkApiKey]) {
      assert.ok(!everything.includes(secret), `'${secret.slice(0, 12)}…' leaked`);
      // Spelled as a server might echo it: base64 of the value alone.
      assert.ok(!everything.includes(Buffer.from(secret).toString('base64')), `'${secret.slice(0, 12)}…' leaked in base64`);
    }
    assert.match(everything, /\[redacted\]/);
  } finally {
    await ws.sandbox.close();
    rmSync(root, { recursive: true, force: true });
  }
});
