// The `vscode` boundary (STYLE.md §11): only src/extension may import the editor API, so core,
// the CLI, the sandbox and the webviews run and test in plain Node or a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const vscodeImport = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

for (const folder of ['src/core', 'src/cli', 'src/sandbox', 'webview']) {
  test(`${folder} never imports vscode`, () => {
    const offenders = sources(join(root, folder)).filter((file) => vscodeImport.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
}

test('src/core and src/sandbox never import src/extension', () => {
  const offenders = [...sources(join(root, 'src/core')), ...sources(join(root, 'src/sandbox'))].filter((file) =>
    /from\s+['"][./]*(?:\.\.\/)+extension\//.test(readFileSync(file, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});

test('only webview/components/kit.ts imports a UI component kit', () => {
  const kit = /from\s+['"]@vscode(?:-elements\/|\/webview-ui-toolkit)|import\s+['"]@vscode(?:-elements\/|\/webview-ui-toolkit)/;
  const offenders = [...sources(join(root, 'webview')), ...sources(join(root, 'src'))].filter((file) => kit.test(readFileSync(file, 'utf8')) && !file.endsWith(join('webview', 'components', 'kit.ts')));
  assert.deepEqual(offenders, []);
});
