// Which named requests a request needs before it can be sent, read from the file alone: the
// `{{name.response…}}` / `{{name.request…}}` references in its block (also through the file
// variables it uses) and httpYac's `# @ref` / `# @forceRef`. `regx run --parallel` schedules by
// it; the runner still finds a dependency this misses (a body file's references, a script) when
// it prepares the request, and then waits for it or runs it.

import type { Directive, HttpFile, Range, RequestBlock } from '../http/ast';

const within = (inner: Range, outer: Range) => inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;

type Reference = HttpFile['references'][number];
const referencesByLine = new WeakMap<HttpFile, Map<number, Reference[]>>();

/**
 * The file's references that start on the lines of `range`. A block looked at every reference
 * of the file, once per request and run (quadratic: a 1,000-request file made a million checks).
 */
export function referencesIn(file: HttpFile, range: Range): Reference[] {
  let byLine = referencesByLine.get(file);
  if (!byLine) {
    byLine = new Map();
    for (const reference of file.references) {
      const list = byLine.get(reference.range.start.line);
      if (list) list.push(reference);
      else byLine.set(reference.range.start.line, [reference]);
    }
    referencesByLine.set(file, byLine);
  }
  const found: Reference[] = [];
  for (let line = range.start.line; line <= range.end.line; line++) {
    const onLine = byLine.get(line);
    // Indexed, not for-of: test/bench/forOf.mjs.
    if (onLine) for (let i = 0; i < onLine.length; i++) if (within(onLine[i]!.range, range)) found.push(onLine[i]!);
  }
  return found;
}

/** httpYac's `# @ref name` and `# @forceRef name`: the named request runs first. */
export function isReference(directive: Directive): boolean {
  return directive.name === 'ref' || directive.name === 'forceRef';
}

/** Names of the requests `block` refers to, in the order they are first written. */
export function requestDependencies(file: HttpFile, block: RequestBlock): string[] {
  const names = new Set<string>();
  for (const directive of block.directives) {
    if (isReference(directive)) names.add(directive.value.trim());
  }
  const fileVariables = new Map(file.variables.map((v) => [v.name, v]));
  const own = new Set(block.variables.map((v) => v.name));
  const seen = new Set<string>();
  // The first block starts at the top of the file, so it spans the file variables' lines too;
  // those count only where a request uses the variable.
  const definitions = file.variables.map((v) => v.range);
  const visit = (range: Range, skipDefinitions: boolean) => {
    for (const reference of referencesIn(file, range)) {
      if (skipDefinitions && definitions.some((d) => within(reference.range, d))) continue;
      if (reference.kind === 'response') names.add(reference.name);
      else if (reference.kind === 'variable' && !own.has(reference.name) && !seen.has(reference.name)) {
        const definition = fileVariables.get(reference.name);
        if (!definition) continue;
        seen.add(reference.name);
        visit(definition.valueRange, false);
      }
    }
  };
  visit(block.range, true);
  return [...names];
}

/**
 * For a parallel run: the targets that an earlier target needs (directly or through other
 * requests) and so runs first, as a sequential run would. Maps such a target's index to the
 * index of the earliest target that runs it; the scheduler does not start it on its own before
 * that target has had its turn, so it is sent once, in the same place of the report.
 */
export function dependencyOwners(file: HttpFile, targets: readonly RequestBlock[]): Map<number, number> {
  const byName = new Map<string, RequestBlock>();
  for (const request of file.requests) if (request.name && !byName.has(request.name)) byName.set(request.name, request);
  const position = new Map(targets.map((t, i) => [t.index, i]));
  const direct = new Map<number, RequestBlock[]>();
  const needs = (block: RequestBlock): RequestBlock[] => {
    let list = direct.get(block.index);
    if (!list) direct.set(block.index, (list = requestDependencies(file, block).flatMap((n) => byName.get(n) ?? [])));
    return list;
  };
  const owners = new Map<number, number>();
  for (const target of targets) {
    const at = position.get(target.index)!;
    const stack = [...needs(target)];
    const visited = new Set<number>([target.index]);
    while (stack.length) {
      const dependency = stack.pop()!;
      if (visited.has(dependency.index)) continue;
      visited.add(dependency.index);
      const later = position.get(dependency.index);
      if (later !== undefined && later > at && !owners.has(dependency.index)) owners.set(dependency.index, target.index);
      stack.push(...needs(dependency));
    }
  }
  return owners;
}
