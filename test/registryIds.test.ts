// Registry knowledge lives in registries/<id>/ as data (ARCHITECTURE.md): the editor and core
// code never name a registry. Comments may (they give reasons); strings and code may not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : /\.ts$/.test(name) ? [full] : [];
  });
}

/** The code without its comments: block comments, and `//` comments not inside a URL. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

test('no registry id in src/core or src/extension code outside comments', () => {
  const ids = readdirSync(join(root, 'registries')).filter((name) => existsSync(join(root, 'registries', name, 'registry.yaml')));
  assert.ok(ids.length >= 7);
  const pattern = new RegExp(`(?<![\\w-])(${ids.map((id) => id.replace(/-/g, '\\-')).join('|')})(?![\\w-])`);
  const offenders: string[] = [];
  for (const file of [...sources(join(root, 'src/core')), ...sources(join(root, 'src/extension'))]) {
    code(readFileSync(file, 'utf8')).split('\n').forEach((line, index) => {
      const match = pattern.exec(line);
      if (match) offenders.push(`${relative(root, file)}:${index + 1}: ${match[1]} in ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});
