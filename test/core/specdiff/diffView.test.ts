// What the editor's diff panel and diagnostics are built from: upgradeCheck (diff + impact map,
// then one file checked again from its edited text) and diffView (groups by operation, breaking
// first, each change with its lines and the impacted places) on the v8.6 collection fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { registriesDir } from '../../../src/core/paths';
import { upgradeCheck } from '../../../src/core/specdiff/upgradeCheck';
import { diffView, WHOLE_DESCRIPTION } from '../../../src/core/specdiff/diffView';
import { planFixes } from '../../../src/core/specdiff/impact/applyFixes';
import { isComparedPair, isDiffView, isHostMessage, isWebviewMessage } from '../../../webview/specdiff/protocol';
import { fileHost, fixtures, root } from './helpers';

const registry = join(root, 'registries', 'vr-beheer');
const workspace = join(fixtures, 'workspace-v8.6');
const httpFile = join(workspace, 'registreren.http');

async function check() {
  const catalog = await loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: async (p) => (await import('node:fs/promises')).readdir(p) });
  return upgradeCheck(join(registry, 'openapi-v8.6.yaml'), join(registry, 'openapi.yaml'), fileHost, { files: [workspace], catalog });
}

test('the panel view: groups by operation with the breaking ones first, lines in both documents, impacted places', async () => {
  const result = await check();
  const view = diffView(result.diff, result.impact, { oldLabel: 'vr-beheer staging-v8.6', newLabel: 'vr-beheer sandbox', roots: [workspace, root] });
  assert.ok(isDiffView(view), 'the view passes the protocol guard');
  assert.deepEqual(view.counts, { breaking: 8, warning: 1, info: 1 });
  const severities = view.groups.map((g) => g.severity);
  assert.deepEqual([...severities].sort((a, b) => ['breaking', 'warning', 'info'].indexOf(a) - ['breaking', 'warning', 'info'].indexOf(b)), severities, 'breaking groups first');
  for (const group of view.groups) {
    const order = group.changes.map((c) => ['breaking', 'warning', 'info'].indexOf(c.severity));
    assert.deepEqual([...order].sort(), order, `${group.title}: breaking changes first`);
  }
  const whole = view.groups.find((g) => g.title === WHOLE_DESCRIPTION);
  assert.ok(whole?.changes.some((c) => c.kind === 'server-changed'), 'servers belong to no operation');
  assert.equal(view.groups.at(-1)?.severity === 'breaking', false);

  const create = view.groups.find((g) => g.title === 'POST /v1/verenigingen/feitelijkeverenigingen');
  const contact = create?.changes.find((c) => c.kind === 'property-renamed' && c.message.includes('ContactgegevenInput'));
  assert.ok(contact, JSON.stringify(create?.changes.map((c) => c.message)));
  assert.match(contact.evidence ?? '', /^100% sure: .*documented: contactgegeven\.type → contactgegeven\.contactgegeventype in v8\.32/);
  assert.deepEqual(
    contact.sources.map((s) => [s.side, s.label, typeof s.line]),
    [
      ['old', join('registries', 'vr-beheer', 'openapi-v8.6.yaml'), 'number'],
      ['new', join('registries', 'vr-beheer', 'openapi.yaml'), 'number'],
    ],
  );
  const places = contact.impacts.map((i) => view.impacts[i]!);
  // the body key and the replacement target in the flow, the two bodies in the request file
  assert.deepEqual(
    places.map((p) => `${p.label}:${p.line + 1}:${p.character + 1}`),
    [join('flows', 'registreren.arazzo.yaml') + ':27:17', join('flows', 'registreren.arazzo.yaml') + ':30:42', 'registreren.http:18:7', 'registreren.http:40:5'],
  );
  assert.equal(places[2]!.fix, "Change '\"type\"' to '\"contactgegeventype\"'");
  // and the flow's source, which names the v8.6 description
  assert.equal(view.impacts.length, 11);
  assert.equal(view.fixes, 11);
  const source = whole?.changes.find((c) => c.kind === 'source-description');
  assert.deepEqual(source?.impacts.map((i) => `${view.impacts[i]!.label}:${view.impacts[i]!.line + 1} ${view.impacts[i]!.fix}`), [
    `${join('flows', 'registreren.arazzo.yaml')}:7 Change '../../../../../registries/vr-beheer/openapi-v8.6.yaml' to '../../../../../registries/vr-beheer/openapi.yaml'`,
  ]);
  assert.equal(view.filesRead, 2);
  // every impact is listed under at least one change of the view
  const listed = new Set(view.groups.flatMap((g) => g.changes.flatMap((c) => c.impacts)));
  assert.equal(listed.size, view.impacts.length);
});

test('recheck: a file that follows the release has no impacts left; the rest stay as they were', async () => {
  const result = await check();
  const text = await readFile(httpFile, 'utf8');
  const before = result.recheck(httpFile, text);
  assert.deepEqual(
    before.map((i) => [i.range, i.changeId]),
    result.impact.impacts.filter((i) => i.file === httpFile).map((i) => [i.range, i.changeId]),
    'the same places as the scan of the disk',
  );
  const [plan] = await planFixes(before, async () => text);
  assert.ok(plan);
  assert.deepEqual(result.recheck(httpFile, plan.after), []);
  // one rename followed by hand: only that place goes
  const partly = text.replace('{ "type": "E-mail"', '{ "contactgegeventype": "E-mail"');
  assert.notEqual(partly, text);
  const after = result.recheck(httpFile, partly);
  assert.equal(after.length, before.length - 1);
  assert.ok(!after.some((i) => i.range.start.line === 17));
});

test('the protocol guards: malformed messages are refused', () => {
  assert.equal(isWebviewMessage({ type: 'openImpact', requestId: 1, impact: -1 }), false);
  assert.equal(isWebviewMessage({ type: 'openImpact', requestId: 1, impact: 1.5 }), false);
  assert.equal(isWebviewMessage({ type: 'openImpact', requestId: 1, impact: 3 }), true);
  assert.equal(isWebviewMessage({ type: 'openSource', requestId: 1, changeId: 'x', side: 'both' }), false);
  assert.equal(isWebviewMessage({ type: 'applyFixes', requestId: 2 }), true);
  assert.equal(isWebviewMessage({ type: 'applyFixes', requestId: 2, impacts: ['1'] }), false);
  assert.equal(isWebviewMessage({ type: 'swap' }), false);
  assert.equal(isWebviewMessage({ type: 'exec', requestId: 1 }), false);
  assert.equal(isHostMessage({ type: 'show', view: { title: 'x' } }), false);
  // 'loading' carries the compared pair, which the panel saves for a window reload
  const pair = { old: { source: '/r/openapi-v8.6.yaml', label: 'vr-beheer staging-v8.6' }, new: { source: 'https://x/openapi.yaml', label: 'vr-beheer sandbox' } };
  assert.equal(isHostMessage({ type: 'loading', oldLabel: 'a', newLabel: 'b', pair }), true);
  assert.equal(isHostMessage({ type: 'loading', oldLabel: 'a', newLabel: 'b' }), false);
  assert.equal(isComparedPair({ old: pair.old, new: { source: '', label: 'x' } }), false);
  assert.equal(isComparedPair({ old: pair.old }), false);
  assert.equal(isHostMessage({ type: 'failed', message: 'no', hint: 3 }), false);
  assert.equal(isHostMessage({ type: 'loading', oldLabel: 'a', newLabel: 'b', pair: { ...pair, new: { source: 'x.yaml' } } }), false);
});
