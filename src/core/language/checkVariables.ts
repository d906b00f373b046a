// `{{…}}` references that will not resolve when the request is sent: names no scope defines,
// system variables the resolver does not know, responses of requests the file does not name.

import type { Diagnostic, HttpFile, RequestBlock } from '../http/ast';
import { evaluateDynamic, type DynamicHost } from '../variables/dynamicVariables';
import type { QuickFix, VisibleVariable } from './types';
import type { VariableReference } from '../http/ast';
import { closest } from './closest';
import { withFixes } from './quickFixes';

// Dynamic values are evaluated only to learn whether the resolver knows the expression; a fixed
// host keeps that pure. `$processEnv` / `$dotenv` / `$shared` depend on where it is sent from, not on the file.
// Declared apart from its type: the host interface is still growing, and a literal typed
// directly would fail on a field it has that the interface does not (yet).
const probeHost = {
  now: () => new Date(0),
  randomUUID: () => '00000000-0000-4000-8000-000000000000',
  random: () => 0,
  processEnv: {},
  dotenv: new Map(),
  shared: new Map(),
  lookup: () => undefined,
};
const probe: DynamicHost = probeHost;

/**
 * With no environment selected (the CLI when no `--env`, `# @env`, setting or default applies),
 * a name the file does not define may well come from an environment: one warning for them all,
 * instead of an error per reference. A name close to one the file defines is still a typo.
 */
export function checkVariables(file: HttpFile, variables: readonly VisibleVariable[] | undefined, environment: string | undefined, out: Diagnostic[]): void {
  const outside = new Set((variables ?? []).map((v) => v.name));
  const deprecated = new Map((variables ?? []).flatMap((v) => (v.deprecated ? [[v.name, v.deprecated] as const] : [])));
  const fromNoEnvironment: VariableReference[] = [];
  const fileNames = new Set(file.variables.map((v) => v.name));
  const requestNames = new Set(file.requests.flatMap((r) => (r.name ? [r.name] : [])));
  let r = 0;
  for (const ref of file.references) {
    while (r < file.requests.length && file.requests[r].range.end.line < ref.range.start.line) r++;
    const request: RequestBlock | undefined = file.requests[r] && file.requests[r].range.start.line <= ref.range.start.line ? file.requests[r] : undefined;
    if (ref.kind === 'variable') {
      const renamed = fileNames.has(ref.name) ? undefined : deprecated.get(ref.name);
      if (renamed) {
        out.push(
          withFixes(
            { range: ref.range, severity: 'warning', code: 'var/deprecated', message: `'${ref.name}' is the old name of '${renamed}': it still works in this release, rename it` },
            [{ title: `Rename to '${renamed}'`, edits: [{ range: nameRange(ref), newText: renamed }], preferred: true }],
          ),
        );
        continue;
      }
      if (fileNames.has(ref.name) || outside.has(ref.name) || request?.variables.some((v) => v.name === ref.name)) continue;
      const near = closest(ref.name, [...fileNames, ...[...outside].filter((name) => !deprecated.has(name)), ...(request?.variables.map((v) => v.name) ?? [])]);
      if (environment === undefined && !near) {
        fromNoEnvironment.push(ref);
        continue;
      }
      const fixes: QuickFix[] = [];
      if (near) fixes.push({ title: `Change to '${near}'`, edits: [{ range: nameRange(ref), newText: near }], preferred: true });
      fixes.push({ title: `Define @${ref.name} in this file`, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `@${ref.name} = ${file.eol}` }] });
      out.push(
        withFixes(
          { range: ref.range, severity: 'error', code: 'var/unresolved', message: `variable '${ref.name}' is not defined${environment ? ` in environment '${environment}'` : ' (no environment selected)'}${near ? ` (did you mean '${near}'?)` : ''}` },
          fixes,
        ),
      );
    } else if (ref.kind === 'response') {
      if (requestNames.has(ref.name)) continue;
      const near = closest(ref.name, requestNames);
      out.push(
        withFixes(
          { range: ref.range, severity: 'error', code: 'var/unresolved', message: `no request named '${ref.name}' in this file${near ? ` (did you mean '${near}'?)` : ''}` },
          near ? [{ title: `Change to '${near}'`, edits: [{ range: nameRange(ref), newText: near }], preferred: true }] : [],
        ),
      );
    } else if (!/^\$(processEnv|dotenv|shared)\b/.test(ref.expression)) {
      try {
        evaluateDynamic(ref.expression, probe);
      } catch (error) {
        out.push({ range: ref.range, severity: 'error', code: 'var/unresolved', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (fromNoEnvironment.length) {
    const names = [...new Set(fromNoEnvironment.map((ref) => ref.name))];
    const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    out.push({
      range: fromNoEnvironment[0]!.range,
      severity: 'warning',
      code: 'var/no-environment',
      message: `no environment is selected, so ${names.length === 1 ? 'this variable' : `these ${names.length} variables`} cannot be checked: ${shown}. Select one, or write '# @env NAME' in the file`,
    });
  }
}

/** The name inside `{{ name… }}`: the reference's inner range starts at it (after any spaces). */
function nameRange(ref: VariableReference): VariableReference['range'] {
  const start = ref.innerRange.start;
  return { start, end: { line: start.line, character: start.character + ref.name.length } };
}
