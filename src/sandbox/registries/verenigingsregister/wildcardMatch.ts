// `*` and `?` wildcards of `q=` without a regular expression: a pattern built from user input
// (`*e*e*e*…*q`) made V8's backtracking engine take minutes, and all registries share one thread.
// The parts between stars are matched leftmost-first, which is exact for wildcards (an earlier
// match never leaves less room for the rest), so the cost is at most text × pattern, never
// exponential; every comparison is charged to the request's `WorkBudget`.

import type { WorkBudget } from './workBudget';

function matchAt(part: string, text: string, at: number): boolean {
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c !== 0x3f /* ? */ && c !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The first place at or after `from` where `part` matches and ends by `end`, or -1. */
function find(part: string, text: string, from: number, end: number, budget: WorkBudget | undefined): number {
  const last = end - part.length;
  budget?.spend((last - from + 1) * part.length);
  for (let at = from; at <= last; at++) if (matchAt(part, text, at)) return at;
  return -1;
}

/** Whether `text` as a whole matches `pattern` (`*` any run, `?` one character). */
export function wildcardMatch(pattern: string, text: string, budget?: WorkBudget): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) {
    budget?.spend(pattern.length);
    return pattern.length === text.length && matchAt(pattern, text, 0);
  }
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  if (head.length + tail.length > text.length) return false;
  budget?.spend(head.length + tail.length);
  if (!matchAt(head, text, 0) || !matchAt(tail, text, text.length - tail.length)) return false;
  let at = head.length;
  const end = text.length - tail.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const found = find(part, text, at, end, budget);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}
