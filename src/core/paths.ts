import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The folder that holds the project's `package.json`. Code runs from three places (tsx on the
 * sources, the esbuild bundles in `dist/`, the installed VSIX) at different depths, so the
 * root is found by walking up rather than by a fixed `../..`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'register-explorer') return (cached = dir);
      } catch {
        // not ours, keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`register-explorer's package.json not found above ${__dirname}`);
    dir = parent;
  }
}

/** `registries/` beside the package root: one folder per registry, data only. */
export function registriesDir(): string {
  return join(packageRoot(), 'registries');
}
