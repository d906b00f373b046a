// Which environment a request file is checked or run in when no one says, in the editor's order:
// the one asked for (`--env`), the file's `# @env`, the workspace's `registerExplorer.environment`
// setting (what the editor shows as active), else `sandbox`, the editor's own default — but only
// where `sandbox` means something: no environment files at all (the catalog knows the sandbox's
// base URLs) or files that define it. Otherwise there is none, and callers say so once.
import type { HttpFile } from '../http/ast';
import type { LoadedEnvironments } from './loadEnvironments';

export const DEFAULT_ENVIRONMENT = 'sandbox';

export type ChosenEnvironment =
  | { name: string; source: 'given' | 'directive' | 'setting' | 'default' }
  | { name: undefined; source: 'none'; /** What the environment files define, to offer. */ defined: string[] };

export function chooseEnvironment(given: string | undefined, file: HttpFile, environments: Pick<LoadedEnvironments, 'environments' | 'settingEnvironment'>): ChosenEnvironment {
  if (given) return { name: given, source: 'given' };
  const directive = file.directives.find((d) => d.name === 'env')?.value?.trim();
  if (directive) return { name: directive, source: 'directive' };
  if (environments.settingEnvironment) return { name: environments.settingEnvironment, source: 'setting' };
  const defined = environments.environments.map((e) => e.name);
  if (defined.length === 0 || defined.includes(DEFAULT_ENVIRONMENT)) return { name: DEFAULT_ENVIRONMENT, source: 'default' };
  return { name: undefined, source: 'none', defined };
}
