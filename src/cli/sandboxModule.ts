import { existsSync } from 'node:fs';
import { join } from 'node:path';

type SandboxModule = typeof import('../sandbox/ensure');

/**
 * `ensureSandbox` and friends, loaded only for a run that needs the sandbox. The build bundles
 * them on their own (dist/sandbox-ensure.js, with the sandbox's registries, certificate
 * authority, x509 and JOSE code: 1.2 MB of the 3.5 MB `regx run` bundle, which Node read and
 * compiled on every run) and marks this import external in the command bundles, as commands.ts
 * does for the commands. From the sources or a single-bundle build there is no such file, and
 * the import() (inlined by such a build) loads it.
 */
export function loadSandboxModule(): Promise<SandboxModule> {
  for (const built of [join(__dirname, 'sandbox-ensure.js'), join(__dirname, '..', 'sandbox-ensure.js')]) {
    if (existsSync(built)) return Promise.resolve(require(built) as SandboxModule);
  }
  return import('../sandbox/ensure');
}
