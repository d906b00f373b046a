// The first value of a header in a `[name, value]` list, by name in any case. One helper for the
// request files, the policies and the problem reader (each had its own copy). A loop, not
// `find(([n]) => …)`: that destructures every pair through an iterator in the baseline code a run
// executes (test/bench/forOf.mjs), and requests and records are looked up per send.

export function firstHeaderValue(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i < headers.length; i++) if (headers[i]![0].toLowerCase() === lower) return headers[i]![1];
  return undefined;
}
