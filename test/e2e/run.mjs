// The end-to-end suite: the packaged extension in a real VS Code workbench (code-server) in real
// Chromium, against the offline sandbox registries. One entry point (`npm run test:e2e`), run by
// node's own test runner so its closing lines are the standard ones.
//
//   node test/e2e/run.mjs                        package, set up code-server, run every step
//   node test/e2e/run.mjs --no-build             reuse .cache/register-explorer.vsix
//   node test/e2e/run.mjs --update-screenshots   also copy the README's screenshots to docs/screenshots
//   REGX_E2E_ECHO=1 node test/e2e/run.mjs        show code-server's output while it runs
//   REGX_E2E_SANDBOX=external node test/e2e/run.mjs   use the sandbox already running on 7400..7406
//   node --test-name-pattern=tree test/e2e/run.mjs    only some steps (they build on each other)
//   REGX_E2E_KEEP=1 node test/e2e/run.mjs        keep the profile (logs) and workspace copy
//
// Screenshots of every step land in test-results/e2e/. The steps build on each other (the
// request opened in one is edited in the next), so they run in order in one workbench.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { join, relative, basename } from 'node:path';
import { packageVsix, defaultVsix } from '../../scripts/package-vsix.mjs';
import { setupCodeServer, root } from '../../scripts/setup-code-server.mjs';
import { startSandbox, startDataDir } from './lib/sandbox.mjs';
import { prepareProfile, startCodeServer } from './lib/codeServer.mjs';
import { launchBrowser, Workbench, mod } from './lib/workbench.mjs';
import { stopAll, killChildrenOnSignals } from './lib/processes.mjs';
import { REGISTRIES, README_SCREENSHOTS, OPEN_AS_REQUEST, BODY_PROPERTIES, TIJDLIJN_HTTP, TIJDLIJN, HOSTILE_BODY, ETAG_HTTP, BIG, bigBody, THEMES } from './expectations.mjs';

killChildrenOnSignals();

const SUITE_TIMEOUT_MS = Number(process.env.REGX_E2E_TIMEOUT_MS ?? 15 * 60_000);
const argv = process.argv.slice(2);
const resultsDir = join(root, 'test-results', 'e2e');
// A copy of samples/: the suite edits and sends its files, and must leave the repository as it
// found it.
const scratch = mkdtempSync(join(tmpdir(), 'regx-e2e-ws-'));
const workspace = join(scratch, 'samples');
cpSync(join(root, 'samples'), workspace, { recursive: true });
// The panels' steps run a file of their own: a vereniging registered and changed three times.
mkdirSync(join(workspace, 'e2e-panels'), { recursive: true });
writeFileSync(join(workspace, 'e2e-panels', 'tijdlijn.http'), TIJDLIJN_HTTP);
// A copy of the vr-beheer sample in its own document: its PATCH depends on a POST never sent there.
mkdirSync(join(workspace, 'e2e-dependency'), { recursive: true });
cpSync(join(root, 'samples', 'vr-beheer', 'registreren-en-wijzigen.http'), join(workspace, 'e2e-dependency', 'zonder-sessie.http'));
// The ETag store's file: register, PATCH without If-Match, PATCH with a stale one.
mkdirSync(join(workspace, 'e2e-etag'), { recursive: true });
writeFileSync(join(workspace, 'e2e-etag', 'etag-store.http'), ETAG_HTTP);
// A request file and a flow written for vr-beheer's release v8.6: the upgrade step compares that
// release with the sandbox's and follows a rename through a quick fix.
cpSync(join(root, 'test', 'fixtures', 'specdiff', 'workspace-v8.6'), join(workspace, 'e2e-upgrade'), { recursive: true });
// A server of its own (port 0): /page answers markup, which the response panel must show as
// text; /big a JSON body of BIG.mb MB, which the panel must show at once without stalling.
const big = bigBody();
const hostile = createServer((request, response) => {
  if (request.url === '/big') {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': big.length });
    response.end(big);
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html' });
  response.end(HOSTILE_BODY);
});
hostile.listen(0, '127.0.0.1');
await once(hostile, 'listening');
hostile.unref();
mkdirSync(join(workspace, 'e2e-hostile'), { recursive: true });
writeFileSync(join(workspace, 'e2e-hostile', 'hostile.http'), `GET http://127.0.0.1:${hostile.address().port}/page\n`);
mkdirSync(join(workspace, 'e2e-big'), { recursive: true });
writeFileSync(join(workspace, 'e2e-big', 'big.http'), `GET http://127.0.0.1:${hostile.address().port}/big\n`);
// Request history and the sandbox's CA live in the user's state dir; the suite uses its own.
// The extension's spilled response bodies (the big-response case) go to TMPDIR: inside the
// scratch folder they leave with it instead of staying in the machine's temp folder for a day.
const isolated = { XDG_STATE_HOME: join(scratch, 'state'), TMPDIR: join(scratch, 'tmp') };
mkdirSync(isolated.TMPDIR, { recursive: true });
const timings = [];
const timed = async (name, fn) => {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings.push([name, (performance.now() - started) / 1000]);
  }
};

// The whole suite has a deadline: past it, everything started is killed and the run fails.
const deadline = setTimeout(() => {
  console.error(`e2e: the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s; stopping code-server, the sandbox and Chromium`);
  void stopAll().finally(() => process.exit(1));
}, SUITE_TIMEOUT_MS);
deadline.unref();

/** @type {Workbench} */
let wb;
let browser;
let profile;
let sandbox;
/** The vr-beheer operation found in the tree, opened as a request in the next step. */
let operationRow;
/** What the ETag store step sent and saw, for the ETag inspector's step. */
let etagRun;

/** One step: on failure, a screenshot of the moment and the workbench's page errors. */
function step(name, fn) {
  it(name, async () => {
    assert.ok(wb, 'the workbench did not open (see the set-up error above)');
    try {
      await fn();
    } catch (error) {
      const file = await wb.screenshot(`FAILED-${name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined);
      if (file) console.error(`  screenshot of the failure: ${relative(root, file)}`);
      if (wb.pageErrors.length) console.error(`  workbench page errors:\n    ${wb.pageErrors.slice(-5).join('\n    ')}`);
      // A view the steps look up by its header: what the headers say is the first thing to know.
      const headers = await wb.page.locator('.pane-header').evaluateAll((all) => all.map((h) => h.getAttribute('aria-label'))).catch(() => []);
      console.error(`  view headers: ${JSON.stringify(headers)}`);
      throw error;
    }
  });
}

describe('Register Explorer in VS Code (code-server + Chromium)', { timeout: SUITE_TIMEOUT_MS }, () => {
  before(async () => {
    rmSync(resultsDir, { recursive: true, force: true });
    mkdirSync(resultsDir, { recursive: true });
    if (!argv.includes('--no-build') || !existsSync(defaultVsix)) {
      await timed('build + package VSIX', () => packageVsix({ out: defaultVsix }));
    }
    await timed('code-server setup', () => setupCodeServer());
    // REGX_E2E_SANDBOX=external: use a sandbox you already run on the default ports (`npm start`).
    // The sandbox runs as `npm start` runs it (--data .regx/sandbox, its CA there), not in the
    // editor's state dir: the kvk step checks the editor finds the CA of the sandbox it talks to.
    if (process.env.REGX_E2E_SANDBOX !== 'external') sandbox = await timed('sandbox start', () => startSandbox({ root, env: isolated, dataDir: startDataDir(scratch) }));
    // Suggestions open only on Ctrl+Space: a quick suggestion opened while typing and the explicit
    // trigger raced once in ~10 runs ("No suggestions."), which is not what these steps test.
    const settings = { 'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' }, 'editor.suggestOnTriggerCharacters': false };
    profile = await timed('profile + VSIX install', () => prepareProfile({ vsix: defaultVsix, settings }));
    const server = await timed('code-server start', () => startCodeServer({ profile, workspace, env: isolated, echo: process.env.REGX_E2E_ECHO === '1' }));
    browser = await launchBrowser();
    wb = await timed('workbench load', () => Workbench.open(browser, server.url, { screenshotDir: resultsDir }));
  });

  after(async () => {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    await stopAll();
    if (process.env.REGX_E2E_KEEP === '1') {
      console.log(`e2e: kept the profile (${profile?.base}) and workspace (${scratch})`);
    } else {
      profile?.remove();
      rmSync(scratch, { recursive: true, force: true });
    }
    console.log(`e2e timings: ${timings.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}`);
    if (wb?.shots.length) console.log(`e2e screenshots (${wb.shots.length}): ${relative(root, resultsDir)}/`);
    if (argv.includes('--update-screenshots')) copyReadmeScreenshots();
  });

  step('the workbench opens samples/ with the extension installed', async () => {
    assert.match(profile.installOutput, /successfully installed/i);
    const installed = readdirSync(profile.extensionsDir).filter((d) => d.startsWith('register-explorer.register-explorer-'));
    assert.equal(installed.length, 1, `the extensions dir holds ${readdirSync(profile.extensionsDir).join(', ')}`);
    await wb.page.locator('.activitybar .action-item a[aria-label^="Register Explorer"]').waitFor({ state: 'visible' });
    assert.match(await wb.page.title(), /\bsamples\b/);
    await wb.screenshot('workbench');
  });

  step('the Registries tree lists all seven registries', async () => {
    await wb.openViewContainer('Register Explorer');
    const { body } = wb.pane('Registries');
    for (const registry of REGISTRIES) await registryRow(body, registry.id).waitFor({ state: 'visible' });
    // The registries, then the workspace's own Arazzo files ("Workspace flows") last.
    const rows = body.locator('.monaco-list-row[aria-level="1"]');
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.equal(texts.length, REGISTRIES.length + 1, `top-level rows: ${texts.join(' | ')}`);
    assert.match(texts.at(-1), /^Workspace flows$/, `top-level rows: ${texts.join(' | ')}`);
    await wb.screenshot('registries-tree');
  });

  step('vr-beheer expands to its environments, tags and operations', async () => {
    const { body } = wb.pane('Registries');
    // Collapse History so the Registries pane has room for the expanded registry.
    const history = wb.pane('History').header;
    if ((await history.getAttribute('aria-expanded')) === 'true') await history.click();
    const registry = registryRow(body, 'vr-beheer');
    await registry.click();
    await body.locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]', { hasText: 'vr-beheer' }).waitFor();
    // The active environment (sandbox) opens by itself and lists the description's tags.
    const sandboxEnv = body.locator('.monaco-list-row[aria-level="2"]', { hasText: /^sandbox/ }).first();
    await sandboxEnv.waitFor({ state: 'visible' });
    assert.equal(await sandboxEnv.getAttribute('aria-expanded'), 'true');
    assert.match(await sandboxEnv.innerText(), /offline sandbox/);
    await body.locator('.monaco-list-row[aria-level="3"]').first().waitFor({ state: 'visible' });
    // No row that does nothing: the Cost meter's node shows once its feature registers (TreeFeatures).
    const idle = body.locator('.monaco-list-row[aria-level="2"]', { hasText: /arrives in a later release|Cost meter/ });
    assert.equal(await idle.count(), 0, `placeholder rows: ${(await idle.allInnerTexts()).join(' | ')}`);
    operationRow = await findOperation(body, OPEN_AS_REQUEST);
    assert.match((await operationRow.locator(".label-name").innerText()).trim(), OPEN_AS_REQUEST);
    await wb.screenshot('vr-beheer-operations');
  });

  step('an operation opens as a request in a .http editor', async () => {
    await operationRow.click({ button: 'right' });
    await wb.contextMenu('Open as Request');
    await wb.activeEditor().waitFor({ state: 'visible' });
    await assertEventually(async () => {
      const text = await wb.editorText();
      assert.match(text, /^# @registry vr-beheer$/m, `editor text:\n${text}`);
      // The catalog's variable, so the request follows the environment (not the sandbox's literal URL).
      assert.match(text, /^POST \{\{vrBeheerBaseUrl\}\}\/\S+/m, `editor text:\n${text}`);
      assert.match(text, /^VR-Initiator\s*:/im, `editor text:\n${text}`);
      assert.match(text, /^\s*\{/m, `editor text:\n${text}`);
    });
    // A request file in the workspace the user finds again (requests/vr-beheer/…), in the HTTP
    // language — not an Untitled tab that comes back as Plain Text.
    const created = listFiles(join(workspace, 'requests', 'vr-beheer')).filter((f) => f.endsWith('.http'));
    assert.equal(created.length, 1, `request files under requests/vr-beheer: ${created.join(', ')}`);
    await wb.page.locator('.tab.active', { hasText: basename(created[0]) }).waitFor({ state: 'visible' });
    await wb.page.locator('.statusbar-item', { hasText: /^\s*HTTP\s*$/ }).first().waitFor({ state: 'visible' });
    // Leave snippet mode (the template's tab stops) so keys act on the text.
    await wb.page.keyboard.press('Escape');
    await wb.screenshot('open-as-request');
  });

  step('a missing VR-Initiator header shows a diagnostic; completing the header clears it', async () => {
    await wb.gotoLine(await wb.findLine(/^VR-Initiator\s*:/i));
    await wb.page.keyboard.press(`${mod}+Shift+K`);
    await assertEventually(async () => assert.doesNotMatch(await wb.editorText(), /^VR-Initiator\s*:/im));
    await wb.runCommand('Focus on Problems View');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: /VR-Initiator/ }).first();
    await problem.waitFor({ state: 'visible' });
    await wb.screenshot('diagnostic-missing-vr-initiator');

    // Header completion on a new line after the request line offers the missing header.
    await wb.gotoLine(await wb.findLine(/^POST\s+/));
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('VR-');
    const items = await wb.suggestions();
    assert.ok(items.some((l) => /^VR-Initiator$/i.test(l.trim())), `header suggestions: ${items.join(', ')}`);
    await wb.screenshot('completion-header');
    // The required header sorts first; accept it.
    await wb.page.locator('.suggest-widget.visible .monaco-list-row.focused', { hasText: 'VR-Initiator' }).waitFor({ state: 'visible' });
    await wb.page.keyboard.press('Enter');
    await assertEventually(async () => assert.match(await wb.editorText(), /^VR-Initiator\s*:\s*\S+/im));
    await problem.waitFor({ state: 'detached' });
  });

  step('completion offers a body property from the request schema', async () => {
    const text = await wb.editorText();
    await wb.gotoLine(await wb.findLine(/^\s*\{\s*$/));
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('"');
    const items = await wb.suggestions();
    assert.ok(items.some((l) => BODY_PROPERTIES.test(l.trim())), `body suggestions: ${items.join(', ')}`);
    await wb.screenshot('completion-body');
    await wb.page.keyboard.press('Escape');
    await undoUntil(() => wb.editorText().then((t) => t === text));
  });

  step('Send Request calls the sandbox; the response panel shows status, headers, timings and body', async () => {
    // samples/vr-beheer: register a vereniging (202 + Location), then read it back through the
    // named response's Location header (200 + the vereniging as JSON).
    // Room for the editor and the panel side by side: hide the side bar and the bottom panel.
    await wb.hidePart('sidebar', `${mod}+B`);
    await wb.hidePart('panel', `${mod}+J`);
    const file = await openWorkspaceFile('vr-beheer');
    const lines = readFileSync(file, 'utf8').split('\n');
    const post = lines.findIndex((l) => /^POST \S+\/verenigingen\/feitelijkeverenigingen/.test(l)) + 1;
    const get = lines.findIndex((l) => /^GET \{\{registreer\.response\.headers\.Location\}\}/.test(l)) + 1;
    assert.ok(post > 0 && get > post, `the vr-beheer sample changed: expected the registreer POST and the GET of its Location`);
    const naam = lines.find((l) => /"naam":/.test(l)).match(/"naam":\s*"([^"{]+)/)[1].trim();

    await wb.gotoLine(post);
    await wb.page.keyboard.press('Control+Alt+R');
    const accepted = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^\d{3}\b/.test(t) });
    assert.match(accepted.text, /^202\b/, `POST status: ${accepted.text}`);
    const headers = await wb.webviewElement('[data-testid="headers"]', { predicate: (t) => /location/i.test(t) });
    assert.match(headers.text, /127\.0\.0\.1:7402\/v1\/verenigingen\/V\d+/i, `headers: ${headers.text.slice(0, 400)}`);
    // The 202 shows at once; following its Location is offered beside it, not asked before it.
    const offer = await wb.notification(/Accepted \(202\)/);
    assert.match(offer, /the result will be at http:\/\/127\.0\.0\.1:7402\/v1\/verenigingen\/V\d+[\s\S]*Follow/, offer);
    await wb.runCommand('Notifications: Clear All Notifications');

    await wb.page.locator('.tab', { hasText: basename(file) }).first().click();
    await wb.gotoLine(get);
    await wb.page.keyboard.press('Control+Alt+R');
    const ok = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^200\b/.test(t) || /^[3-5]\d\d\b/.test(t) });
    assert.match(ok.text, /^200\b/, `GET status: ${ok.text}`);
    const body = await wb.webviewElement('[data-testid="body"]', { predicate: (t) => t.includes(naam) });
    assert.match(body.text, /"naam"/);
    const timingsText = await wb.webviewElement('[data-testid="timings"]', { predicate: (t) => /\d\s*ms/.test(t) });
    assert.match(timingsText.text, /\d\s*ms/);
    await wb.page.locator('.tab', { hasText: /Response: GET / }).first().waitFor({ state: 'visible' });
    // The progress notification closes once the response is in.
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: /sending/i }).waitFor({ state: 'hidden', timeout: 10_000 });
    await wb.screenshot('response-panel');
  });

  step('the History view lists both requests with their status', async () => {
    const sidebar = wb.page.locator('.part.sidebar').first();
    if (!(await sidebar.isVisible())) {
      await wb.page.keyboard.press(`${mod}+B`);
      await sidebar.waitFor({ state: 'visible' });
    }
    const { header, body } = wb.pane('History');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const rows = body.locator('.monaco-list-row');
    const post = rows.filter({ hasText: /POST \/v1\/verenigingen\/feitelijkeverenigingen/ }).first();
    const get = rows.filter({ hasText: /GET \/v1\/verenigingen\/V\d+/ }).first();
    await post.waitFor({ state: 'visible' });
    await get.waitFor({ state: 'visible' });
    assert.match(await post.locator('.label-description').innerText(), /^202\b/);
    assert.match(await get.locator('.label-description').innerText(), /^200\b/);
    // A fresh state dir: exactly the two requests of this run. The GET refers to the POST's
    // named response; sending it must reuse that response, not register a second vereniging.
    // (This caught a double POST: sendController did not keep named exchanges; fixed in a2517b8.)
    const history = (await rows.allInnerTexts()).join(' | ');
    assert.equal(await rows.filter({ hasText: /POST \// }).count(), 1, `sending the GET re-sent the POST it depends on; history: ${history}`);
    assert.equal(await rows.count(), 2, `history: ${history}`);
    await wb.screenshot('history');
  });

  step("a KVK request goes over HTTPS to the sandbox, trusted through the private root CA of the sandbox it talks to (npm start's layout: --data .regx/sandbox)", async () => {
    const file = await openWorkspaceFile('kvk');
    const lines = readFileSync(file, 'utf8').split('\n');
    const zoek = lines.findIndex((l) => /^GET \{\{kvkBaseUrl\}\}\/test\/api\/v2\/zoeken\b/.test(l)) + 1;
    assert.ok(zoek > 0, 'the kvk sample changed: expected the Zoeken GET');
    await wb.gotoLine(zoek);
    await wb.page.keyboard.press('Control+Alt+R');
    await wb.page.locator('.tab', { hasText: /Response: GET \/test\/api\/v2\/zoeken/ }).first().waitFor({ state: 'visible' });
    const body = await wb.webviewElement('[data-testid="body"]', { predicate: (t) => /"resultaten"/.test(t) || /kvk|certificate|TLS/i.test(t) });
    const status = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^\d{3}\b/.test(t) });
    assert.match(status.text, /^200\b/, `status: ${status.text}; body: ${body.text.slice(0, 300)}`);
    assert.match(body.text, /"kvkNummer"/);
    await wb.screenshot('kvk-https');
  });

  step("no silent writes: a PATCH whose registreer (a POST) was not sent in this session asks first; Escape sends nothing, accepting registers and patches", async () => {
    // A copy of the vr-beheer sample in a document of its own: no named responses kept for it.
    const file = await openWorkspaceFile('e2e-dependency');
    const patch = readFileSync(file, 'utf8').split('\n').findIndex((l) => /^PATCH /.test(l)) + 1;
    assert.ok(patch > 0, 'the vr-beheer sample changed: expected the wijzig PATCH');
    const ask = async () => {
      await wb.page.locator('.tab', { hasText: basename(file) }).first().click();
      await wb.gotoLine(patch);
      await wb.page.keyboard.press('Control+Alt+R');
      const dialog = wb.page.locator('.monaco-dialog-box', { hasText: /registreer/ }).first();
      await dialog.waitFor({ state: 'visible' });
      assert.match(await dialog.innerText(), /Send 'registreer' \(POST\) again\? It changes data/);
      return dialog;
    };
    const declined = await ask();
    await wb.screenshot('write-dependency-modal');
    await wb.page.keyboard.press('Escape');
    await declined.waitFor({ state: 'hidden' });
    const refused = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /unsafe-dependency/.test(t) });
    assert.match(refused.text, /Failed: unsafe-dependency/);

    const accepted = await ask();
    await accepted.locator('.monaco-button', { hasText: 'Send POST again' }).first().click();
    await wb.page.locator('.tab', { hasText: /Response: PATCH / }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const status = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^\d{3}\b/.test(t) });
    assert.match(status.text, /^2\d\d\b/, `PATCH status: ${status.text}`);
  });

  step('the ETag store: a PATCH without If-Match goes out with the ETag the registration answered with; a stale If-Match\'s 412 shows the refresh offer', async () => {
    const file = await openWorkspaceFile('e2e-etag');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (pattern) => lines.findIndex((l) => pattern.test(l)) + 1;
    const send = async (line, method) => {
      await wb.page.locator('.tab', { hasText: basename(file) }).first().click();
      await wb.gotoLine(line);
      await wb.page.keyboard.press('Control+Alt+R');
      await wb.page.locator('.tab', { hasText: new RegExp(`Response: ${method} `) }).first().waitFor({ state: 'visible', timeout: 60_000 });
    };
    const post = at(/^POST /);
    const patch = at(/^PATCH /);
    const stale = lines.findIndex((l, i) => /^PATCH /.test(l) && /If-Match/.test(lines[i + 1] ?? '')) + 1;
    await send(post, 'POST');
    const created = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^202\b/.test(t) });
    const headers = await wb.webviewElement('[data-testid="headers"]', { predicate: (t) => /etag/i.test(t) && /location/i.test(t) });
    const etag = /etag\s+(W\/"[^"]+"|"[^"]+")/i.exec(headers.text)?.[1];
    assert.ok(etag, `the registration's ETag: ${headers.text.slice(0, 300)}`);
    const location = /location\s+(http\S+)/i.exec(headers.text)?.[1];
    assert.ok(location, `the registration's Location: ${headers.text.slice(0, 300)}`);

    await send(patch, 'PATCH');
    const patched = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^\d{3}\b/.test(t) });
    assert.match(patched.text, /^2\d\d\b/, `PATCH status: ${patched.text}`);
    // What went out, though the file has no If-Match: the Request headers section (collapsed) lists it.
    const sent = await patched.frame.locator('[data-testid="request-headers"]').first().textContent();
    assert.ok(sent.includes('If-Match') && sent.includes(etag), `request headers: ${sent}`);
    // ... marked as the ETag store's, not the file's.
    const marks = await patched.frame.locator('[data-testid="request-headers"] tr.added').allTextContents();
    assert.ok(marks.some((row) => /If-Match/.test(row) && /added by etag/.test(row)), `marked rows: ${JSON.stringify(marks)}`);
    const after = await wb.webviewElement('[data-testid="headers"]', { predicate: (t) => /etag/i.test(t) && !t.includes(etag) });
    const patchedEtag = /etag\s+(W\/"[^"]+"|"[^"]+")/i.exec(after.text)?.[1];
    assert.ok(patchedEtag, `the PATCH's ETag: ${after.text.slice(0, 300)}`);
    etagRun = { file: basename(file), location, registered: etag, patched: patchedEtag, post, patch, stale, patchStatus: patched.text.match(/^\d{3}/)[0] };

    await send(stale, 'PATCH');
    const offer = wb.page.locator('.monaco-dialog-box', { hasText: /412 Precondition Failed/ }).first();
    await offer.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await offer.innerText(), /changed since your version \(412 Precondition Failed\)\. Resend with its current ETag W\/"\d+"\?/);
    await offer.locator('.monaco-button', { hasText: 'Resend with current ETag' }).first().waitFor({ state: 'visible' });
    await wb.screenshot('etag-412-offer');
    await wb.page.keyboard.press('Escape');
    const failed = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^412\b/.test(t) });
    assert.match(failed.text, /^412\b/);
  });

  step("the ETag inspector after the PATCH: the registration's ETag and the PATCH's, the request that saw each, and the stale PATCH's 412", async () => {
    assert.ok(etagRun, 'the ETag store step did not get to its PATCH');
    const { file, location, registered, patched, post, patch, stale, patchStatus } = etagRun;
    await wb.runCommand('Register Explorer: Open ETag Inspector');
    await wb.quickPick('vr-beheer');
    const title = await wb.webviewElement('[data-testid="etags-title"]', { predicate: (t) => /^ETags: /.test(t) });
    assert.equal(title.text, 'ETags: Verenigingsregister Beheer API · sandbox');
    await wb.page.locator('.tab.active', { hasText: 'ETags: Verenigingsregister Beheer API · sandbox' }).waitFor({ state: 'visible' });
    // Earlier steps registered other verenigingen: narrow the list to this one (its vCode).
    const vCode = location.split('/').pop();
    await title.frame.locator('[data-testid="etags-filter"] input').fill(vCode);
    const rows = title.frame.locator('[data-testid="etags-rows"] .vrow');
    await assertEventually(async () => assert.equal(await rows.count(), 1, (await rows.allInnerTexts()).join(' | ')));
    const row = (await rows.first().innerText()).replace(/\s+/g, ' ');
    assert.ok(row.startsWith(new URL(location).pathname) && row.includes(patched), `the resource's row: ${row}`);
    // The resource's detail: its URL, the current ETag (the PATCH's) and who saw it last.
    const url = await wb.webviewElement('[data-testid="etag-url"]', { predicate: (t) => t === location });
    assert.equal(url.text, location);
    const current = await wb.webviewElement('[data-testid="etag-current"]');
    assert.equal(current.text, patched);
    // The 412 read the current ETag again (a GET of the resource, named after the stale PATCH's line).
    const seenBy = await wb.webviewElement('[data-testid="etag-seen"]');
    assert.match(seenBy.text, new RegExp(`· by GET ${escape(file)}:${stale}$`), seenBy.text);
    // Its history, newest first (what, ETag, outcome, request): the 412's GET came after it.
    const history = (await title.frame.locator('[data-testid="etag-history"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)))).map((cells) => cells.join(' | '));
    const expected = [
      `seen in response | ${patched} | 200 OK | GET ${file}:${stale}`,
      `sent If-Match | ${registered} | 412 Precondition Failed: the resource changed since this ETag | PATCH ${file}:${stale}`,
      `seen in response | ${patched} | ${patchStatus} ${patchStatus === '202' ? 'Accepted' : 'OK'} | PATCH ${file}:${patch}`,
      `sent If-Match (filled in) | ${registered} | ${patchStatus} ${patchStatus === '202' ? 'Accepted' : 'OK'}: the ETag was current | PATCH ${file}:${patch}`,
      `seen in response | ${registered} | 202 Accepted | POST ${file}:${post} (registreer)`,
    ];
    assert.deepEqual(history, expected, history.join('\n'));
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.screenshot('etag-inspector');
    await wb.closeActiveEditor();
    await wb.page.locator('.tab', { hasText: 'ETags: ' }).waitFor({ state: 'detached' });
    // Back where the next step starts: the request files' group.
    await wb.focusFirstGroup();
  });

  step('Send All on a vereniging changed three times; its historiek opens as a timeline that shows the state before the last change', async () => {
    await openWorkspaceFile('e2e-panels');
    await wb.runCommand('Register Explorer: Send All Requests');
    // The run summary lists every request with its status, time and validation.
    const result = await wb.webviewElement('[data-testid="summary-result"]', { predicate: (t) => /passed|failed/.test(t), timeout: 60_000 });
    assert.equal(result.text, 'all 5 passed');
    const rows = await wb.webviewElement('[data-testid="summary-rows"]', { predicate: (t) => (t.match(/\b20[02] (Accepted|OK)\b/g) ?? []).length === 5 });
    assert.deepEqual(rows.text.match(/\b20[02] (Accepted|OK)\b/g), ['202 Accepted', '202 Accepted', '202 Accepted', '202 Accepted', '200 OK'], rows.text);
    assert.match(rows.text, /\d+ ms/);
    assert.match(rows.text, /valid/);
    await wb.screenshot('send-all-summary');
    // The 202s' "Follow it?" notifications stay until answered: out of the way of the rows.
    await wb.runCommand('Notifications: Clear All Notifications');
    // A row opens its response: the last one, the historiek.
    await rows.locator.locator('.vrow', { hasText: 'Historiek' }).dblclick();
    await wb.webviewElement('[data-testid="body"]', { predicate: (t) => /"gebeurtenissen"/.test(t), timeout: 60_000 });
    const status = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^\d{3}\b/.test(t) });
    assert.match(status.text, /^200\b/);
    const offer = await wb.webviewElement('[data-testid="offer-historiek"]', { predicate: (t) => /timeline/i.test(t) });
    await offer.locator.click();
    const title = await wb.webviewElement('[data-testid="title"]', { predicate: (t) => /^Historiek V\d{7}$/.test(t) });
    const count = await wb.webviewElement('[data-testid="count"]', { predicate: (t) => /\d+ gebeurtenissen/.test(t) });
    assert.equal(count.text, '4 gebeurtenissen', `${title.text}: ${count.text}`);
    // The last gebeurtenis is selected; its state "just before" is the vereniging before the last change.
    const detail = await wb.webviewElement('[data-testid="detail-title"]', { predicate: (t) => /^#4 /.test(t) });
    assert.match(detail.text, /^#4 NaamWerdGewijzigd$/);
    await (await wb.webviewElement('[data-testid="tab-state"]')).locator.click();
    await (await wb.webviewElement('[data-testid="moment-before"]')).locator.click();
    const state = await wb.webviewElement('[data-testid="state"]', { predicate: (t) => /after #3 /.test(t) });
    assert.match(state.text, new RegExp(`naam[\\s\\S]*"${TIJDLIJN.naamPrefix} \\d{4}"`), state.text);
    assert.match(state.text, new RegExp(`"${TIJDLIJN.korteNaam}"`), state.text);
    assert.match(state.text, new RegExp(`"${TIJDLIJN.korteBeschrijving}"`), state.text);
    assert.doesNotMatch(state.text, new RegExp(TIJDLIJN.nieuweNaam), state.text);
    await wb.screenshot('historiek-timeline');
  });

  step('a hostile body is shown as its characters, never as markup', async () => {
    await openWorkspaceFile('e2e-hostile');
    await wb.gotoLine(1);
    await wb.page.keyboard.press('Control+Alt+R');
    const body = await wb.webviewElement('[data-testid="body"]', { predicate: (t) => t.includes('onerror') });
    assert.equal(body.text, HOSTILE_BODY);
    // No element was made of it: the body holds text only.
    assert.equal(await body.locator.locator('img').count(), 0);
    assert.equal(await body.frame.locator('img[src="x"]').count(), 0);
    await wb.screenshot('hostile-body');
  });

  step(`a ${BIG.mb} MB JSON body: the first screen shows its start; search and scrolling answer; the editor still takes typing`, async () => {
    // Keys only (no clicks in the editor, which is narrow beside the panel): the first group, the file, its first line.
    await wb.focusFirstGroup();
    const file = await openWorkspaceFile('e2e-big');
    await wb.page.keyboard.press(`${mod}+Home`);
    await wb.page.keyboard.press('Control+Alt+R');
    await wb.page.locator('.tab', { hasText: /Response: GET \/big/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const status = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /^\d{3}\b/.test(t), timeout: 60_000 });
    assert.match(status.text, /^200\b/, status.text);
    // The first screen: the body's first rows, whatever view (tree or raw) the panel is in.
    const view = await wb.webviewElement('[data-testid="body-view"]', { predicate: (t) => t.includes(BIG.first), timeout: 60_000 });
    // The JSON tree (the panel's default view): rows are values, so the last row holds the body's last value.
    assert.equal(await view.frame.locator('[data-testid="mode-tree"]').getAttribute('aria-checked'), 'true');
    const firstRows = await view.locator.locator('.vrow').evaluateAll((rows) => rows.filter((r) => Number(r.dataset.index) < 3).map((r) => r.textContent));
    assert.ok(firstRows.join('\n').includes(BIG.first), `the first rows: ${firstRows.join(' | ')}`);
    // Search while it may still be reading: the one match, at the body's very end.
    const search = view.frame.locator('[data-testid="body-search"] input');
    await search.fill(BIG.last);
    const progress = await wb.webviewElement('[data-testid="body-progress"]', { predicate: (t) => /^[\d,.\s\u00a0\u202f]+ values$/.test(t) || /^Not JSON/.test(t), timeout: 180_000 });
    assert.match(progress.text, / values$/, progress.text);
    await wb.webviewElement('[data-testid="search-count"]', { predicate: (t) => t === '– of 1' });
    await search.press('Enter');
    await wb.webviewElement('[data-testid="search-count"]', { predicate: (t) => t === '1 of 1' });
    const active = view.locator.locator('.vrow.active');
    await assertEventually(async () => assert.ok((await active.innerText()).includes(BIG.last), `the active row: ${await active.innerText()}`));
    await wb.screenshot('big-body-search');
    // Scrolling by keys: Home shows the first row, End the last (the body's end).
    await view.locator.focus();
    await view.locator.press('Home');
    await assertEventually(async () => assert.equal(await active.getAttribute('data-index'), '0'));
    await view.locator.press('End');
    await assertEventually(async () => assert.ok((await active.innerText()).includes(BIG.last), `the last row: ${await active.innerText()}`));
    // The editor still answers: type a line into the request file and take it back.
    await wb.focusFirstGroup();
    await openWorkspaceFile('e2e-big');
    const before = await wb.editorText();
    await wb.page.keyboard.press(`${mod}+End`);
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('# typed while the big body is shown');
    await assertEventually(async () => assert.match(await wb.editorText(), /^# typed while the big body is shown$/m));
    await undoUntil(() => wb.editorText().then((t) => t === before));
    assert.doesNotMatch(readFileSync(file, 'utf8'), /# typed/);
  });

  step('Run Flow on DATA-collectief \'bedrijven zoeken en downloaden\' from the tree: the flow-run panel shows every step green and the credits spent', async () => {
    await wb.openViewContainer('Register Explorer');
    const { body } = wb.pane('Registries');
    // Only DATA-collectief open, so its Flows node is in view.
    for (const registry of REGISTRIES) {
      const row = registryRow(body, registry.id);
      if ((await row.count()) && (await row.getAttribute('aria-expanded')) === 'true' && registry.id !== 'data-collectief') await row.click();
    }
    const dc = registryRow(body, 'data-collectief');
    if ((await dc.getAttribute('aria-expanded')) !== 'true') await dc.click();
    // Its active environment opens by itself; closed, the Flows node sits right under it.
    const env = body.locator('.monaco-list-row[aria-level="2"][aria-expanded="true"]').first();
    if (await env.count()) await env.click();
    const flows = body.locator('.monaco-list-row[aria-level="2"]').filter({ has: wb.page.locator('.label-name', { hasText: /^Flows$/ }) }).first();
    await flows.waitFor({ state: 'visible' });
    await flows.click();
    const file = body.locator('.monaco-list-row[aria-level="3"]', { hasText: 'business-cases.arazzo.yaml' }).first();
    await file.waitFor({ state: 'visible' });
    await file.click();
    const workflow = body.locator('.monaco-list-row[aria-level="4"]', { hasText: 'bedrijvenZoekenEnDownloaden' }).first();
    await workflow.waitFor({ state: 'visible' });
    await workflow.click();
    const state = await wb.webviewElement('[data-testid="flow-state"]', { predicate: (t) => /^(passed|failed|cancelled)$/.test(t), timeout: 90_000 });
    const steps = await wb.webviewElement('[data-testid="steps"]');
    assert.equal(state.text, 'passed', `flow run: ${steps.text}`);
    const rows = steps.frame.locator('[data-testid="step-row"]');
    assert.equal(await rows.count(), 3, steps.text);
    for (let i = 0; i < 3; i++) assert.equal(await rows.nth(i).getAttribute('data-status'), 'passed', steps.text);
    assert.match(steps.text, /downloadStatistics[\s\S]*companyList[\s\S]*company\b/);
    assert.match(steps.text, /\b200\b/);
    // The credits: projected before the run, and what the download charged.
    const projected = await wb.webviewElement('[data-testid="projected-cost"]');
    assert.match(projected.text, /DATA-collectief[\s\S]*credits/);
    const outputs = await wb.webviewElement('[data-testid="flow-outputs"]', { predicate: (t) => /creditsCharged/.test(t) });
    assert.match(outputs.text, /"creditsCharged": 1\b/, outputs.text);
    // What the run spent, from the costs policy's record of each step (the charged header).
    const spent = await wb.webviewElement('[data-testid="costs"]');
    assert.match(spent.text, /^Spent: 1 credits?$/, spent.text);
    await wb.screenshot('flow-run');
  });

  step('upgrade: vr-beheer staging-v8.6 compared with sandbox shows the renames; a quick fix applies one through the preview', async () => {
    await wb.runCommand('Register Explorer: Compare with Another Release');
    const input = wb.page.locator('.quick-input-widget input.input');
    for (const choice of ['vr-beheer', 'staging-v8.6', 'sandbox']) {
      await input.waitFor({ state: 'visible' });
      await input.fill(choice);
      await wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: choice }).first().waitFor({ state: 'visible' });
      await wb.page.keyboard.press('Enter');
    }
    const title = await wb.webviewElement('[data-testid="specdiff-title"]', { predicate: (t) => /→/.test(t), timeout: 90_000 });
    assert.match(title.text, /release v8\.6 .*8\.6\.0 → .*8\.32\.0$/);
    const counts = await wb.webviewElement('[data-testid="specdiff-counts"]');
    assert.match(counts.text, /^8 breaking/);
    // the v8.6 request file and flow: ten places, each with a fix
    const summary = await wb.webviewElement('[data-testid="impact-summary"]', { predicate: (t) => /impacted place/.test(t) });
    assert.match(summary.text, /^10 impacted places in \d+ files of the workspace \(10 breaking, 10 with a fix\)$/);
    const groups = await wb.webviewElement('[data-testid="specdiff-group"]', { predicate: (t) => /renamed to/.test(t) });
    const all = await groups.frame.locator('[data-testid="specdiff-change"]').allInnerTexts();
    for (const rename of ["'type' of ContactgegevenInput renamed to 'contactgegeventype'", "'type' of BeheerVereniging renamed to 'verenigingstype'", "'beschrijving' of Verenigingstype renamed to 'naam'", "'type' of Relatie renamed to 'relatietype'"]) {
      assert.ok(all.some((t) => t.includes(rename)), `the panel lists ${rename}`);
    }
    await wb.screenshot('specdiff-panel');

    // The quick fix on the body key: the refactor preview first, the file unchanged until Apply.
    const file = join(workspace, 'e2e-upgrade', 'registreren.http');
    const before = readFileSync(file, 'utf8');
    await openWorkspaceFile('e2e-upgrade');
    await wb.gotoLine(18, 8);
    await wb.page.keyboard.press(`${mod}+.`);
    // (a string match: playwright's text engine cannot take a regular expression with quotes in it)
    const fix = wb.page.locator('.action-widget .monaco-list-row').filter({ hasText: 'to \'"contactgegeventype"\'' }).filter({ hasText: '(preview)' }).first();
    await fix.waitFor({ state: 'visible' });
    // A pointer click on the action widget's row was intercepted (code-server 4.100): the keys, as a keyboard user does.
    for (let i = 0; i < 10 && !(await fix.evaluate((el) => el.classList.contains('focused'))); i++) await wb.page.keyboard.press('ArrowDown');
    assert.ok(await fix.evaluate((el) => el.classList.contains('focused')), 'the quick fix never took focus');
    await wb.page.keyboard.press('Enter');
    const apply = wb.page.locator('.bulk-edit-panel .monaco-button', { hasText: /^Apply$/ }).first();
    await apply.waitFor({ state: 'visible' });
    await wb.screenshot('specdiff-refactor-preview');
    assert.equal(readFileSync(file, 'utf8'), before, 'nothing changes before Apply');
    // An edit that needs confirmation starts unchecked: the user ticks it, then applies.
    const tick = wb.page.locator('.bulk-edit-panel .monaco-list-row input[type="checkbox"]').first();
    await tick.click();
    await apply.click();
    await assertEventually(async () => assert.match(await wb.editorText(), /\{ "contactgegeventype": "E-mail", "waarde": "bestuur@schaakclub\.be"/));
    // that place follows the release now: the panel (its tab brought back) counts one place fewer
    await wb.page.locator('.tab', { hasText: 'vr-beheer staging-v8.6 → vr-beheer sandbox' }).first().click();
    await wb.webviewElement('[data-testid="impact-summary"]', { predicate: (t) => /^9 impacted places/.test(t) });
  });

  step('the panels follow the light and the dark theme: the README\'s screenshots of the response, historiek, ETag inspector and Send All summary', async () => {
    // A response worth showing: the vereniging of the first send step read again (a GET). Its
    // editor is open, scrolled to that request since: back to it by its tab's title.
    await wb.focusFirstGroup();
    const file = join(workspace, 'vr-beheer', 'registreren-en-wijzigen.http');
    const get = readFileSync(file, 'utf8').split('\n').findIndex((l) => /^GET \{\{registreer\.response\.headers\.Location\}\}/.test(l)) + 1;
    assert.ok(get > 0, 'the vr-beheer sample changed: expected the GET of the registreer Location');
    await wb.showEditor('registreren-en-wijzigen.http');
    await wb.gotoLine(get);
    await wb.page.keyboard.press('Control+Alt+R');
    await wb.page.locator('.tab', { hasText: /Response: GET \/v1\/verenigingen\/V\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await wb.webviewElement('[data-testid="body"]', { predicate: (t) => /"naam"/.test(t), timeout: 60_000 });
    // The ETag inspector (its step closed it), on the resource of the ETag step: the one with a 412.
    await wb.runCommand('Register Explorer: Open ETag Inspector');
    await wb.quickPick('vr-beheer');
    const rows = await wb.webviewElement('[data-testid="etags-rows"]', { predicate: (t) => t.length > 0 });
    if (etagRun) {
      const vCode = etagRun.location.split('/').pop();
      await rows.locator.focus();
      const active = rows.locator.locator('.vrow.active');
      for (let i = 0; i < 50 && !(await active.innerText().catch(() => '')).includes(vCode); i++) await rows.locator.press('ArrowDown');
      assert.ok((await active.innerText()).includes(vCode), `no row of ${vCode} in the inspector`);
    }
    // One editor group over the whole window, nothing else beside it or over it.
    await wb.runCommand('View: Join All Editor Groups');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.hidePart('sidebar', `${mod}+B`);
    await wb.hidePart('panel', `${mod}+J`);
    const panels = [
      ['response', /Response: GET \/v1\/verenigingen\/V\d+/, 'Response: GET /v1/verenigingen/V', '[data-testid="status"]'],
      ['historiek', /Historiek V\d+/, 'Historiek V', '[data-testid="timeline"]'],
      ['etags', /ETags: /, 'ETags: ', '[data-testid="etags-title"]'],
      ['summary', /Send All: /, 'Send All: ', '[data-testid="summary-rows"]'],
    ];
    for (const theme of THEMES) {
      await setTheme(theme);
      for (const [panel, title, search, selector] of panels) {
        await wb.showEditor(title, search);
        const shown = await wb.webviewElement(selector, { predicate: (t) => t.length > 0 });
        // The webview took the theme: VS Code marks its body with the theme's kind.
        await shown.frame.locator(`body.${theme.webviewClass}`).waitFor({ state: 'attached' });
        await wb.screenshot(`themed-${panel}-${theme.id}`);
      }
    }
  });

  step('the status bar switches the environment', async () => {
    const item = wb.page.locator('.statusbar-item', { has: wb.page.locator('.codicon-server-environment') }).first();
    await item.waitFor({ state: 'visible' });
    const before = (await item.innerText()).trim();
    assert.match(before, /sandbox/);
    await item.click();
    const picks = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await picks.first().waitFor({ state: 'visible' });
    // A row's first line holds the name (its second line, the detail, lists the registries).
    const labels = (await picks.locator('.quick-input-list-row:first-child .label-name').allInnerTexts()).map((l) => l.trim());
    assert.ok(labels.some((l) => /sandbox/.test(l)), `environments offered: ${labels.join(', ')}`);
    const other = labels.find((l) => !/sandbox/.test(l));
    assert.ok(other, `only the sandbox environment is offered: ${labels.join(', ')}`);
    // Grouped by registry: `test` is in samples/http-client.env.json for every registry, so it is
    // offered under "every registry" with all of them, not as kvk's only.
    const testRow = picks.filter({ has: wb.page.locator('.quick-input-list-row:first-child .label-name', { hasText: /^\s*test$/ }) }).first();
    const testDetail = await testRow.innerText();
    for (const registry of REGISTRIES) assert.match(testDetail, new RegExp(`\\b${registry.id}\\b`), `the 'test' row: ${testDetail}`);
    await wb.screenshot('environment-pick');
    await picks.filter({ has: wb.page.locator('.quick-input-list-row:first-child .label-name', { hasText: new RegExp(`^\\s*${other.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) }).first().click();
    await wb.page.locator('.statusbar-item', { hasText: other }).first().waitFor({ state: 'visible' });
    assert.doesNotMatch((await item.innerText()).trim(), /sandbox/);
    // The switch is kept in the workspace's state: no .vscode/settings.json the user did not ask for.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(existsSync(join(workspace, '.vscode', 'settings.json')), false, 'switching the environment wrote samples/.vscode/settings.json');
  });

  step('the extension host logged no errors from Register Explorer', async () => {
    const logs = listFiles(join(profile.userDataDir, 'logs')).filter((f) => f.endsWith('.log'));
    const ours = logs.find((f) => f.includes('register-explorer.register-explorer'));
    assert.ok(ours, `no Register Explorer output log among ${logs.map((f) => relative(profile.userDataDir, f)).join(', ')}`);
    assert.match(readFileSync(ours, 'utf8'), /\[info\] activated in/);
    const errors = logs.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /\[error\]/.test(line) && (file === ours || /register-?explorer/i.test(line)))
        .map((line) => `${relative(profile.userDataDir, file)}: ${line}`),
    );
    assert.deepEqual(errors, []);
  });
});

/** The top-level row of a registry: its label is the registry's name, its description its id. */
function registryRow(body, id) {
  return body
    .locator('.monaco-list-row[aria-level="1"]')
    .filter({ has: wb.page.locator('.label-description', { hasText: new RegExp(`^${id}( · workspace)?$`) }) })
    .first();
}

/**
 * Opens the tags of the expanded environment one at a time (the list is virtual: only rows in
 * view exist in the DOM) until an operation row matching `pattern` shows, and returns it.
 */
async function findOperation(body, pattern) {
  const tags = body.locator('.monaco-list-row[aria-level="3"]');
  const names = (await tags.locator('.label-name').allInnerTexts()).map((t) => t.trim());
  for (const name of names) {
    const tag = tags.filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
    if ((await tag.getAttribute('aria-expanded')) !== 'true') await tag.click();
    await body.locator('.monaco-list-row[aria-level="4"]').first().waitFor({ state: 'visible' });
    const match = body.locator('.monaco-list-row[aria-level="4"]').filter({ has: wb.page.locator('.label-name', { hasText: pattern }) }).first();
    if (await match.count()) return match;
    await tag.click();
    await body.locator('.monaco-list-row[aria-level="4"]').first().waitFor({ state: 'detached' });
  }
  throw new Error(`no operation matching ${pattern} under the tags ${names.join(', ')}`);
}

/**
 * Switches the workbench's colour theme (workbench.colorTheme) as a user does, through
 * *Preferences: Color Theme* (a settings.json written from outside was not picked up by
 * code-server within 30 s); the workbench then carries the theme's kind as a class.
 */
async function setTheme(theme) {
  await wb.runExactCommand('Preferences: Color Theme');
  // Its rows read 'Light Modern  Default Light Modern' under 'Browse Additional Color Themes…'.
  const input = wb.page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(theme.name);
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: theme.name }).first();
  await row.waitFor({ state: 'visible' });
  for (let i = 0; i < 10 && !(await row.evaluate((el) => el.classList.contains('focused'))); i++) await wb.page.keyboard.press('ArrowDown');
  assert.ok(await row.evaluate((el) => el.classList.contains('focused')), `the theme ${theme.name} never took focus`);
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await wb.page.locator(`.monaco-workbench.${theme.workbenchClass}`).waitFor({ state: 'attached' });
}

/** A string as a literal part of a regular expression. */
function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every file under a directory. */
function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Retries an assertion until it holds (the workbench updates asynchronously). */
async function assertEventually(check, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await wb.page.waitForEvent('console', { timeout: 200 }).catch(() => {});
    }
  }
}

/** Presses undo until the editor is back to the given state. */
async function undoUntil(isBack, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await isBack()) return;
    await wb.page.keyboard.press(`${mod}+Z`);
  }
  assert.ok(await isBack(), 'undo did not restore the editor');
}

/** Opens the first .http file under samples/<folder> through Quick Open. */
async function openWorkspaceFile(folder) {
  const dir = join(workspace, folder);
  const file = readdirSync(dir).filter((f) => f.endsWith('.http')).sort()[0];
  assert.ok(file, `no .http file in samples/${folder}`);
  await wb.page.keyboard.press(`${mod}+P`);
  const input = wb.page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`${folder}/${file}`);
  await wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: file }).first().waitFor({ state: 'visible' });
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.tab.active', { hasText: file }).waitFor({ state: 'visible' });
  const first = readFileSync(join(dir, file), 'utf8').split('\n').find((l) => l.trim());
  await wb.activeEditor().locator('.view-lines', { hasText: first.trim().slice(0, 20) }).waitFor({ state: 'visible' });
  return join(dir, file);
}

function copyReadmeScreenshots() {
  const target = join(root, 'docs', 'screenshots');
  mkdirSync(target, { recursive: true });
  for (const [pattern, name] of README_SCREENSHOTS) {
    const shot = wb?.shots.find((f) => f.includes(pattern));
    if (!shot) continue;
    const size = statSync(shot).size;
    if (size > 300 * 1024) {
      console.error(`  ${relative(root, shot)} is ${size} bytes (> 300 KB); not copied`);
      continue;
    }
    copyFileSync(shot, join(target, name));
    console.log(`  docs/screenshots/${name} (${size} bytes)`);
  }
}
