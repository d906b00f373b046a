// The end-to-end suite: the packaged extension in a real VS Code workbench (code-server) in real
// Chromium, against the offline sandbox registries. One entry point (`npm run test:e2e`), run by
// node's own test runner so its closing lines are the standard ones.
//
//   node test/e2e/run.mjs                        package, set up code-server, run every step
//   node test/e2e/run.mjs --no-build             reuse .cache/register-explorer.vsix
//   node test/e2e/run.mjs --update-screenshots   also copy the README's screenshots to docs/screenshots
//   REGX_E2E_ECHO=1 node test/e2e/run.mjs        show code-server's output while it runs
//
// Screenshots of every step land in test-results/e2e/. The steps build on each other (the
// request opened in one is edited in the next), so they run in order in one workbench.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, statSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageVsix, defaultVsix } from '../../scripts/package-vsix.mjs';
import { setupCodeServer, root } from '../../scripts/setup-code-server.mjs';
import { startSandbox } from './lib/sandbox.mjs';
import { prepareProfile, startCodeServer } from './lib/codeServer.mjs';
import { launchBrowser, Workbench, mod } from './lib/workbench.mjs';
import { stopAll } from './lib/processes.mjs';
import { REGISTRIES, README_SCREENSHOTS } from './expectations.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.REGX_E2E_TIMEOUT_MS ?? 10 * 60_000);
const argv = process.argv.slice(2);
const resultsDir = join(root, 'test-results', 'e2e');
const workspace = join(root, 'samples');
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
    sandbox = await timed('sandbox start', () => startSandbox({ root }));
    profile = await timed('profile + VSIX install', () => prepareProfile({ vsix: defaultVsix }));
    const server = await timed('code-server start', () => startCodeServer({ profile, workspace, echo: process.env.REGX_E2E_ECHO === '1' }));
    browser = await launchBrowser();
    wb = await timed('workbench load', () => Workbench.open(browser, server.url, { screenshotDir: resultsDir }));
  });

  after(async () => {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    await stopAll();
    profile?.remove();
    console.log(`e2e timings: ${timings.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}`);
    if (wb?.shots.length) console.log(`e2e screenshots (${wb.shots.length}): ${relative(root, resultsDir)}/`);
    if (argv.includes('--update-screenshots')) copyReadmeScreenshots();
  });

  step('the workbench opens samples/ with the extension installed', async () => {
    assert.match(profile.installOutput, /successfully installed/i);
    const installed = readdirSync(profile.extensionsDir).filter((d) => d.startsWith('register-explorer.register-explorer-'));
    assert.equal(installed.length, 1, `the extensions dir holds ${readdirSync(profile.extensionsDir).join(', ')}`);
    await wb.page.locator('.activitybar .action-item a[aria-label^="Register Explorer"]').waitFor({ state: 'visible' });
    await wb.screenshot('workbench');
  });

  step('the Registries tree lists all seven registries', async () => {
    await wb.openViewContainer('Register Explorer');
    const { body } = wb.pane('Registries');
    for (const registry of REGISTRIES) {
      await body.locator('.monaco-list-row[aria-level="1"]', { hasText: registry.label }).first().waitFor({ state: 'visible' });
    }
    const rows = await body.locator('.monaco-list-row[aria-level="1"]').count();
    assert.equal(rows, REGISTRIES.length, `top-level rows: ${await body.locator('.monaco-list-row[aria-level="1"]').allInnerTexts()}`);
    await wb.screenshot('registries-tree');
  });

  step('vr-beheer expands to its operations', async () => {
    const { body } = wb.pane('Registries');
    const registry = REGISTRIES.find((r) => r.id === 'vr-beheer');
    const row = body.locator('.monaco-list-row[aria-level="1"]', { hasText: registry.label }).first();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await row.and(wb.page.locator('[aria-expanded="true"]')).waitFor();
    // Operations may sit directly under the registry or under tag groups; find the first leaf.
    const operation = await firstOperationRow(body);
    const text = await operation.innerText();
    assert.match(text, /\b(GET|POST|PUT|PATCH|DELETE|HEAD)\b|\//, `operation row: ${text}`);
    await wb.screenshot('vr-beheer-operations');
  });

  step('an operation opens as a request in a .http editor', async () => {
    const { body } = wb.pane('Registries');
    const operation = await firstOperationRow(body, /registreer|POST/i);
    await operation.click();
    await wb.runCommand('Register Explorer: Open as Request');
    await wb.activeEditor().waitFor({ state: 'visible' });
    await assertEventually(async () => {
      const text = await wb.editorText();
      assert.match(text, /^\s*(GET|POST|PUT|PATCH|DELETE)\s+\S+/m, `editor text:\n${text}`);
      assert.match(text, /VR-Initiator\s*:/i, `editor text:\n${text}`);
    });
    await wb.screenshot('open-as-request');
  });

  step('completion offers a header and a body property', async () => {
    const text = await wb.editorText();
    const lines = text.split('\n');
    const requestLine = lines.findIndex((l) => /^\s*(GET|POST|PUT|PATCH|DELETE)\s+/.test(l));
    // A new header line right after the request line: "VR-" must complete to VR-Initiator.
    await wb.gotoLine(requestLine + 1, lines[requestLine].length + 1);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('x-corr');
    const headerItems = await wb.suggestions();
    assert.ok(headerItems.some((l) => /x-correlation-id/i.test(l)), `header suggestions: ${headerItems.join(', ')}`);
    await wb.screenshot('completion-header');
    await wb.page.keyboard.press('Escape');
    await undoUntil(() => wb.editorText().then((t) => t === text));

    // A new property inside the JSON body's top-level object.
    const open = lines.findIndex((l, i) => i > requestLine && /^\s*\{\s*$/.test(l));
    assert.ok(open > 0, `no JSON body in:\n${text}`);
    await wb.gotoLine(open + 1, lines[open].length + 1);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('"');
    const bodyItems = await wb.suggestions();
    assert.ok(bodyItems.some((l) => /naam|korteNaam|startdatum|contactgegevens/i.test(l)), `body suggestions: ${bodyItems.join(', ')}`);
    await wb.screenshot('completion-body');
    await wb.page.keyboard.press('Escape');
    await undoUntil(() => wb.editorText().then((t) => t === text));
  });

  step('a missing VR-Initiator header shows a diagnostic, and restoring it clears it', async () => {
    const text = await wb.editorText();
    const index = text.split('\n').findIndex((l) => /^\s*VR-Initiator\s*:/i.test(l));
    assert.ok(index >= 0, `no VR-Initiator header in:\n${text}`);
    await wb.gotoLine(index + 1);
    await wb.page.keyboard.press(`${mod}+Shift+K`);
    await assertEventually(async () => assert.doesNotMatch(await wb.editorText(), /^\s*VR-Initiator\s*:/im));
    await wb.runCommand('View: Focus Problems');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: /VR-Initiator/ }).first();
    await problem.waitFor({ state: 'visible' });
    await wb.screenshot('diagnostic-missing-vr-initiator');
    await wb.activeEditor().locator('.view-lines').click();
    await undoUntil(() => wb.editorText().then((t) => t === text));
    await problem.waitFor({ state: 'detached' });
  });

  step('Send Request calls the sandbox and the response panel shows status, timings and body', async () => {
    await openWorkspaceFile('vr-beheer');
    const text = await wb.editorText();
    const requestLine = text.split('\n').findIndex((l) => /^\s*GET\s+\S+/.test(l));
    assert.ok(requestLine >= 0, `no GET request in the vr-beheer sample:\n${text}`);
    await wb.gotoLine(requestLine + 1);
    await wb.page.keyboard.press('Control+Alt+R');
    const status = await wb.webviewElement('[data-testid="status"]', { predicate: (t) => /\b\d{3}\b/.test(t), timeout: 30_000 });
    assert.match(status.text, /^20[02]\b/, `status: ${status.text}`);
    const body = await wb.webviewElement('[data-testid="body"]', { predicate: (t) => t.length > 0 });
    assert.match(body.text, /[{[]/, `body: ${body.text.slice(0, 300)}`);
    const timingsText = await wb.webviewElement('[data-testid="timings"]', { predicate: (t) => /\d+\s*ms/.test(t) });
    assert.match(timingsText.text, /\d+\s*ms/);
    await wb.page.locator('.tab', { hasText: /^Response: GET / }).first().waitFor({ state: 'visible' });
    await wb.screenshot('response-panel');
  });

  step('the status bar switches the environment', async () => {
    const item = wb.page.locator('.statusbar-item', { has: wb.page.locator('.codicon-server-environment') }).first();
    await item.waitFor({ state: 'visible' });
    const before = (await item.innerText()).trim();
    assert.match(before, /sandbox/);
    await item.click();
    const picks = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await picks.first().waitFor({ state: 'visible' });
    const labels = (await picks.locator('.label-name').allInnerTexts()).map((l) => l.trim());
    assert.ok(labels.some((l) => /sandbox/.test(l)), `environments offered: ${labels.join(', ')}`);
    const other = labels.find((l) => !/sandbox/.test(l));
    assert.ok(other, `only the sandbox environment is offered: ${labels.join(', ')}`);
    await wb.screenshot('environment-pick');
    await picks.filter({ hasText: other }).first().click();
    await wb.page.locator('.statusbar-item', { hasText: other }).first().waitFor({ state: 'visible' });
    assert.doesNotMatch((await item.innerText()).trim(), /sandbox/);
  });
});

/** The first row under an expanded registry that is a leaf (an operation), optionally matching. */
async function firstOperationRow(body, prefer) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = body.locator('.monaco-list-row:not([aria-level="1"])');
    const count = await rows.count();
    const leaves = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      if ((await row.getAttribute('aria-expanded')) === null) leaves.push(row);
    }
    if (leaves.length) {
      if (prefer) {
        for (const row of leaves) if (prefer.test(await row.innerText())) return row;
      }
      return leaves[0];
    }
    // A collapsed group: expand the first one.
    const group = body.locator('.monaco-list-row[aria-expanded="false"]:not([aria-level="1"])').first();
    if (await group.count()) await group.click();
    if (Date.now() > deadline) throw new Error('no operation rows appeared under the expanded registry');
    await body.locator('.monaco-list-row:not([aria-level="1"])').first().waitFor({ state: 'visible', timeout: 2_000 }).catch(() => {});
  }
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
