// The manifest and the adapter agree: every declared command has a handler and the same title,
// menus and keybindings name declared commands, the views and the container carry the ids the
// e2e suite drives, and every `registerExplorer.*` setting the code reads is declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/extension/commandIds';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string }[]>;
    keybindings: { command: string; key: string; mac?: string; when?: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; path: string }[];
    configuration: { properties: Record<string, unknown> };
    walkthroughs?: { steps: { media: { markdown?: string } }[] }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  icon: string;
};
const { contributes } = manifest;

test('declared commands and the command table are the same set, with the same titles', () => {
  const declared = Object.fromEntries(contributes.commands.map((c) => [c.command, c.title]));
  assert.deepEqual(declared, COMMANDS);
  for (const command of contributes.commands) assert.equal(command.category, 'Register Explorer');
  const source = readFileSync(join(root, 'src/extension/commands.ts'), 'utf8');
  for (const id of Object.keys(COMMANDS)) assert.ok(source.includes(`'${id}': `), `no handler for ${id}`);
});

test('menus and keybindings name declared commands; Send is Ctrl+Alt+R in http files', () => {
  const ids = new Set(Object.keys(COMMANDS));
  for (const [menu, items] of Object.entries(contributes.menus)) for (const item of items) assert.ok(ids.has(item.command), `${menu} names ${item.command}`);
  const send = contributes.keybindings.find((k) => k.command === 'registerExplorer.send');
  assert.equal(send?.key, 'ctrl+alt+r');
  assert.equal(send?.mac, 'cmd+alt+r');
  assert.match(send?.when ?? '', /editorLangId == http/);
});

test('the container, views and language carry the names the e2e suite relies on', () => {
  assert.deepEqual(contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]), [['registerExplorer', 'Register Explorer']]);
  assert.deepEqual(contributes.views.registerExplorer!.map((v) => [v.id, v.name]), [
    ['registerExplorer.registries', 'Registries'],
    ['registerExplorer.history', 'History'],
  ]);
  const http = contributes.languages.find((l) => l.id === 'http');
  assert.deepEqual(http?.extensions, ['.http', '.rest']);
  assert.ok(manifest.activationEvents.includes('onLanguage:http'));
  assert.ok(!manifest.activationEvents.some((e) => e === '*' || e === 'onStartupFinished'), 'activation stays specific');
});

test('every file the manifest points at exists', () => {
  const files = [
    manifest.icon,
    ...contributes.viewsContainers.activitybar.map((c) => c.icon),
    ...contributes.languages.map((l) => l.configuration),
    ...contributes.grammars.map((g) => g.path),
    ...(contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => (s.media.markdown ? [s.media.markdown] : []))),
  ];
  for (const file of files) assert.ok(existsSync(join(root, file)), `${file} is missing`);
  JSON.parse(readFileSync(join(root, 'syntaxes/http.tmLanguage.json'), 'utf8'));
  JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8'));
});

test('every setting the code reads is declared; restricted settings exist', () => {
  const declared = new Set(Object.keys(contributes.configuration.properties));
  const source = readFileSync(join(root, 'src/extension/settings.ts'), 'utf8');
  const read = [...source.matchAll(/config\.get<.*?>\('([^']+)'/g)].map((m) => `registerExplorer.${m[1]}`);
  assert.ok(read.length >= 10, `found ${read.length} settings read`);
  for (const key of read) assert.ok(declared.has(key), `${key} is read but not declared`);
  for (const key of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(declared.has(key), `${key} is restricted but not declared`);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});
