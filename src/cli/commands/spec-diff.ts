// `regx spec-diff OLD NEW [--workspace DIR…] [--reporter pretty|markdown|json] [--fix [--apply]]`:
// what the next release of an API changes, and with --workspace which requests and flows of yours
// it hits. OLD and NEW are files, URLs, or a catalog release written `registry@environment`
// (`vr-beheer@staging-v8.6`). --fix prints the edits that follow renames and moved paths;
// --apply writes them. Exit 1 when a breaking change hits the workspace, 2 for usage.

import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { oneOf, parseOptions, type CommandHelp } from '../options';
import type { Catalog } from '../../core/catalog/loadCatalog';
import { registriesDir } from '../../core/paths';
import { isUrl } from '../../core/openapi/documentSource';
import { descriptionFetch } from '../../core/openapi/descriptionFetch';
import { isOpenApiError } from '../../core/openapi/OpenApiError';
import { diffReleases } from '../../core/specdiff/specDiff';
import type { ImpactMap } from '../../core/specdiff/impact/types';
import { printable } from '../../core/report/prettyReporter';
import { documentedRenames, registryOfDocuments } from '../../core/specdiff/documentedRenames';
import { renderDiffChunks, type DiffReporter } from '../../core/specdiff/renderDiff';

const NO_CATALOG: Catalog = { entries: [], diagnostics: [] };

interface SpecDiffArguments {
  old: string;
  new: string;
  workspaces: string[];
  reporter: DiffReporter;
  fix: boolean;
  apply: boolean;
}

export const help: CommandHelp<SpecDiffArguments> = {
  usage: 'spec-diff OLD NEW [options]',
  summary: 'Compares two releases of an API description (files, URLs, or registry@environment from the catalog); with --workspace, which requests and flows of yours each change hits.',
  options: [
    { flag: '--workspace', value: 'DIR', help: 'also list the requests and flows under DIR that each change hits; repeat for more folders', set: (o, v) => void o.workspaces.push(v) },
    { flag: '--reporter', value: 'pretty|markdown|json', help: 'output format (default pretty)', set: (o, v) => (o.reporter = oneOf('--reporter', v, ['pretty', 'markdown', 'json'] as const)) },
    { flag: '--fix', help: 'print the edits that follow renamed fields and moved paths in the workspace (needs --workspace)', set: (o) => (o.fix = true) },
    { flag: '--apply', help: 'write those edits into the workspace files (implies --fix)', set: (o) => (o.apply = true) },
  ],
  exitCodes: [
    [0, 'compared; no breaking change hits the workspace'],
    [1, 'a breaking change hits the workspace'],
    [2, 'usage error, or a description that cannot be read'],
  ],
  notes: ['Example: regx spec-diff vr-beheer@staging-v8.6 vr-beheer@staging --workspace samples'],
};

function parseArguments(args: string[]): SpecDiffArguments {
  const parsed: SpecDiffArguments = { old: '', new: '', reporter: 'pretty', workspaces: [], fix: false, apply: false };
  const positional = parseOptions(args, help.options, parsed);
  if (positional.length !== 2) throw new UsageError('name the old and the new description (files, URLs or registry@environment)');
  if ((parsed.fix || parsed.apply) && parsed.workspaces.length === 0) throw new UsageError('--fix and --apply need --workspace');
  return { ...parsed, old: positional[0]!, new: positional[1]!, fix: parsed.fix || parsed.apply };
}

/** A file, a URL, or `registry@environment` from the catalog. */
function sourceOf(arg: string, catalog: Catalog, cwd: string): string {
  if (isUrl(arg)) return arg;
  const m = RELEASE_NAME.exec(arg);
  if (m) {
    const entry = catalog.entries.find((e) => e.id === m[1]);
    const env = entry?.environments.find((e) => e.name === m[2]);
    if (env) return env.openapi;
    if (entry) throw new UsageError(`${m[1]} has no environment '${m[2]}' (${entry.environments.map((e) => e.name).join(', ')})`);
  }
  return resolve(cwd, arg);
}

const RELEASE_NAME = /^([a-z0-9-]+)@([\w.-]+)$/i;

/** Could the catalog know this document: a bundled registry's file or a URL (what its environments name)? */
function mayBeCatalogued(source: string): boolean {
  if (isUrl(source)) return true;
  const rel = relative(registriesDir(), source);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options = parseArguments(args);
  // The catalog (cached, but still a file to hash and read) is only read when it can matter:
  // a release named registry@environment, or a document one of its environments names.
  // The catalog (its schema validator and YAML parser), the impact map and the fixes are
  // import()ed when a run needs them: most diffs name two files and no workspace, and evaluating
  // those modules was a tenth of such a run (ajv, the yaml package, the catalog cache).
  let catalog: Catalog | undefined;
  const readCatalog = async (): Promise<Catalog> =>
    (catalog ??= await (await import('../catalog')).loadCliCatalog(io.env));
  const named = [options.old, options.new].some((arg) => !isUrl(arg) && RELEASE_NAME.test(arg));
  const known = named ? await readCatalog() : NO_CATALOG;
  const oldSource = sourceOf(options.old, known, io.cwd);
  const newSource = sourceOf(options.new, known, io.cwd);
  if (!catalog && [oldSource, newSource].some(mayBeCatalogued)) await readCatalog();
  const catalogued = catalog ?? NO_CATALOG;
  // A description named by URL is fetched as the editor fetches one: size and time capped.
  const fetchWithTimeout = descriptionFetch();
  const registry = registryOfDocuments(catalogued, [oldSource, newSource]);
  const documented = documentedRenames(registry?.releases?.renames ?? []);
  let result;
  try {
    result = await diffReleases(oldSource, newSource, { readFile: (p) => readFile(p), fetch: fetchWithTimeout, signal: io.signal }, documented ? { documented } : {});
  } catch (error) {
    if (isOpenApiError(error)) {
      io.stderr.write(`regx spec-diff: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { diff } = result;
  let impact: ImpactMap | undefined;
  if (options.workspaces.length) {
    const folders = options.workspaces.map((w) => resolve(io.cwd, w));
    for (const folder of folders) if (!existsSync(folder)) throw new UsageError(`no such file or folder: ${folder}`);
    const [{ impactMap }, { releasePair }] = await Promise.all([import('../../core/specdiff/impact/impactMap'), import('../../core/specdiff/impact/releaseIndex')]);
    impact = await impactMap(releasePair(diff, result.oldDoc, result.newDoc), folders, {
      ...(registry ? { registry: registry.id } : {}),
      otherRegistries: (await readCatalog()).entries.map((e) => e.id).filter((id) => id !== registry?.id),
      signal: io.signal,
    });
  }
  const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
  // Written piece by piece (the JSON report a batch of changes at a time, each as JSON.stringify
  // gave it), waiting while the reader is behind.
  for (const piece of renderDiffChunks(diff, options.reporter, { color, cwd: io.cwd, ...(impact ? { impact } : {}) })) {
    if (!io.stdout.write(piece)) await once(io.stdout, 'drain');
  }
  if (impact && options.fix) {
    const { planFixes, renderPlans, writePlans } = await import('../../core/specdiff/impact/applyFixes');
    const plans = await planFixes(impact.impacts);
    const shown = (file: string) => relative(io.cwd, file) || file;
    const out = options.reporter === 'json' ? io.stderr : io.stdout;
    out.write(plans.length ? `\n${options.apply ? 'Applying' : 'Fixes (run again with --apply to write them)'}:\n${printable(renderPlans(plans, shown))}` : '\nNo fixes to make.\n');
    if (options.apply) {
      const { written, skipped } = await writePlans(plans);
      for (const s of skipped) io.stderr.write(`regx spec-diff: left ${shown(s.file)} alone: ${s.reason}\n`);
      out.write(`${written.length} file${written.length === 1 ? '' : 's'} written.\n`);
    }
  }
  return impact?.impacts.some((i) => i.severity === 'breaking') ? 1 : 0;
}
