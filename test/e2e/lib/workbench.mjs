// Drives the VS Code workbench in Chromium through playwright-core. Every wait is a condition
// (a locator or a polled predicate) with a timeout; nothing sleeps for a fixed time.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.REGX_CHROMIUM ?? '/usr/bin/chromium';
const isMac = process.platform === 'darwin';
export const mod = isMac ? 'Meta' : 'Control';

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or point REGX_CHROMIUM at one`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
}

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page, { screenshotDir, defaultTimeout = 30_000 } = {}) {
    this.page = page;
    this.screenshotDir = screenshotDir;
    this.shots = [];
    page.setDefaultTimeout(defaultTimeout);
  }

  static async open(browser, url, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    // Clipboard access keeps the workbench from asking.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin }).catch(() => {});
    const page = await context.newPage();
    const bench = new Workbench(page, options);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    bench.pageErrors = errors;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer tree of the opened folder shows once the workbench has restored its views.
    await page.locator('.part.sidebar, .part.activitybar').first().waitFor({ state: 'visible' });
    return bench;
  }

  async screenshot(name) {
    if (!this.screenshotDir) return undefined;
    mkdirSync(this.screenshotDir, { recursive: true });
    const file = join(this.screenshotDir, `${String(this.shots.length + 1).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    this.shots.push(file);
    return file;
  }

  /**
   * Opens the command palette (F1) and returns its input. F1 pressed while a webview's own input
   * had the focus was lost once (the palette never opened); then the focus goes back to the
   * workbench through its title bar and F1 is pressed again.
   */
  async openPalette() {
    const { page } = this;
    const input = page.locator('.quick-input-widget input.input');
    for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
      if (attempt > 0) await page.locator('.part.titlebar').first().click({ position: { x: 300, y: 10 } }).catch(() => {});
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
    }
    await input.waitFor({ state: 'visible' });
    return input;
  }

  /**
   * Runs a command from the palette by (part of) its title ("Register Explorer: Send Request"),
   * once the filtered list has it as the focused row.
   */
  async runCommand(title) {
    const { page } = this;
    const input = await this.openPalette();
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
    await row.waitFor({ state: 'visible' });
    // The first row is the best match once the list has filtered to it.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    // A command may open a quick pick of its own, so the widget need not close.
    await row.waitFor({ state: 'hidden' });
  }

  /** Filters the open quick pick with `text` and accepts its first row once that row holds `text`. */
  async quickPick(text) {
    const { page } = this;
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: text }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Brings an open editor (a text file or a panel) to the front by its tab title, through Quick
   * Open's list of open editors ("edt "), as a keyboard user does. `search` is typed, `title`
   * (a RegExp or string) must match the tab that ends up active.
   */
  async showEditor(title, search = String(title)) {
    const { page } = this;
    await page.keyboard.press(`${mod}+P`);
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`edt ${search}`);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: search }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.locator('.editor-group-container.active .tab.active', { hasText: title }).first().waitFor({ state: 'visible' });
  }

  /** Moves the focus to the first (leftmost) editor group with its key, until that group is the active one. */
  async focusFirstGroup() {
    const first = this.page.locator('.editor-group-container').first();
    for (let i = 0; i < 5; i++) {
      await this.page.keyboard.press(`${mod}+1`);
      try {
        await this.page.locator('.editor-group-container.active').first().waitFor({ state: 'attached', timeout: 2_000 });
        if (await first.evaluate((el) => el.classList.contains('active'))) return;
      } catch {
        // not yet: press again
      }
      await this.page.waitForTimeout(250);
    }
    assert.ok(await first.evaluate((el) => el.classList.contains('active')), 'the first editor group never became the active one');
  }

  /** Closes the active editor ("View: Close Editor" from the palette, not a click on its tab). */
  async closeActiveEditor() {
    await this.runExactCommand('View: Close Editor');
  }

  /**
   * Runs the palette command whose title is exactly `title`, moving down to it when a longer
   * title ranks first ("View: Close Editor Group", "Preferences: Browse Color Themes in Marketplace").
   */
  async runExactCommand(title) {
    const { page } = this;
    const input = await this.openPalette();
    await input.fill(`>${title}`);
    const exact = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
    await exact.waitFor({ state: 'visible' });
    for (let i = 0; i < 10 && !(await exact.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
    assert.ok(await exact.evaluate((el) => el.classList.contains('focused')), `the command "${title}" never took focus`);
    await page.keyboard.press('Enter');
    // A command may open a quick pick of its own: wait for the command's row to go.
    await exact.waitFor({ state: 'hidden' });
  }

  /**
   * Picks an item of the open context menu. A playwright click on a menu item left the menu open
   * without running it (code-server 4.100), so this moves the focus with the arrow keys and
   * presses Enter, as a keyboard user does.
   */
  async contextMenu(label) {
    const { page } = this;
    const menu = page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item', { hasText: label }).first();
    await item.waitFor({ state: 'visible' });
    const count = await menu.locator('.action-item:not(.disabled)').count();
    for (let i = 0; i <= count && !(await item.evaluate((el) => el.classList.contains('focused'))); i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.ok(await item.evaluate((el) => el.classList.contains('focused')), `the context menu item "${label}" never took focus`);
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
  }

  /** The pane (view) by its header's aria-label: "<name> Section", or "<name> - <description> Section". */
  pane(name) {
    // 'History Section', or with the view's description: 'History - this workspace · 0 of 0 Section'.
    const header = this.page.locator(`.pane-header[aria-label="${name} Section"], .pane-header[aria-label^="${name} - "]`);
    return { header, body: this.page.locator('.pane', { has: header }).locator('.pane-body') };
  }

  /** Opens a view container from the activity bar by its title. */
  async openViewContainer(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item[aria-label^="${title}"]`).first();
    await item.waitFor({ state: 'visible' });
    const checked = await item.evaluate((el) => (el.closest('.action-item') ?? el).classList.contains('checked'));
    if (!checked) await item.click();
  }

  /** Hides a workbench part ('sidebar', 'panel') with its toggle key when it shows. */
  async hidePart(part, toggleKey) {
    const locator = this.page.locator(`.part.${part}`).first();
    if (await locator.isVisible()) {
      await this.page.keyboard.press(toggleKey);
      await locator.waitFor({ state: 'hidden' });
    }
  }

  /** The status bar entry whose text or aria-label matches. */
  statusItem(text) {
    return this.page.locator('.statusbar-item', { hasText: text }).first();
  }

  /** The text editor of the active editor group. */
  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * The rendered lines of the active editor with their line numbers, in order. Monaco renders only
   * the lines in view, positioned absolutely (DOM order is not line order), with U+00A0 for spaces.
   */
  async editorLines() {
    return this.activeEditor().evaluate((editor) => {
      const tops = new Map();
      for (const n of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
        const top = n.parentElement?.style.top;
        if (top) tops.set(top, Number(n.textContent));
      }
      return [...editor.querySelectorAll('.view-lines .view-line')]
        .map((l) => ({ line: tops.get(l.style.top) ?? 0, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.line - b.line);
    });
  }

  /** The active editor's text (the lines in view; the files the suite edits fit on screen). */
  async editorText() {
    return (await this.editorLines()).map((l) => l.text).join('\n');
  }

  /** The line number of the first rendered line matching `pattern`. */
  async findLine(pattern) {
    const found = (await this.editorLines()).find((l) => pattern.test(l.text));
    if (!found) throw new Error(`no line matching ${pattern} in the editor:\n${await this.editorText()}`);
    return found.line;
  }

  /** Moves the cursor to line:column of the active editor through Quick Open's ":line:column". */
  async gotoLine(line, column = 1) {
    const { page } = this;
    // Quick Open's ":line" moves the cursor of the focused text editor. A click makes it focused,
    // but only when it is not already: a click on a narrow editor beside a panel can miss.
    const editor = this.activeEditor();
    if (!(await editor.evaluate((e) => e.classList.contains('focused')).catch(() => false))) await editor.locator('.view-lines').click();
    await page.keyboard.press(`${mod}+P`);
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: `${line}` }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.activeEditor().locator('.cursors-layer .cursor').first().waitFor({ state: 'attached' });
  }

  /** Triggers suggestions and returns the suggest widget's row labels once it shows any. */
  async suggestions({ timeout = 20_000 } = {}) {
    const { page } = this;
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    await page.keyboard.press('Control+Space');
    await widget.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout });
    return widget.locator('.monaco-list-row .label-name').allInnerTexts();
  }

  /**
   * Waits for an element inside any webview (webview DOM lives in nested iframes) and returns
   * its frame and locator. Polls the frames until `predicate(text)` holds or the timeout passes.
   */
  async webviewElement(selector, { predicate = () => true, timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    let last = '';
    for (;;) {
      for (const frame of this.page.frames()) {
        const locator = frame.locator(selector).first();
        const count = await locator.count().catch(() => 0);
        if (!count) continue;
        const text = (await locator.innerText().catch(() => '')).trim();
        last = text;
        if (predicate(text)) return { frame, locator, text };
      }
      if (Date.now() > deadline) {
        throw new Error(`no webview element ${selector}${last ? ` matching the expectation (last text: ${JSON.stringify(last.slice(0, 300))})` : ''} within ${timeout} ms`);
      }
      // Wait for the next frame navigation or a short poll, whichever comes first.
      await this.page.waitForEvent('framenavigated', { timeout: 250 }).catch(() => {});
    }
  }

  /** Waits until the workbench shows a notification whose text matches, and returns that text. */
  async notification(pattern, { timeout = 20_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
    await toast.waitFor({ state: 'visible', timeout });
    return toast.innerText();
  }
}
