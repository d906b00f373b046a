// A path written in a request (`{{base}}/v1/verenigingen/kbo/{{vCode}}`, `/api/v1/zoeken`) read
// against a path template, and rewritten for the template an operation moved to: the part the
// template covers is replaced, path parameter values are carried over by position, whatever the
// writer put before it (a base path) stays.

function isParameter(segment: string): boolean {
  return /^\{.*\}$/.test(segment);
}

/**
 * Whether the written path ends in `template` (a parameter matches any non-empty segment, a
 * `{{variable}}` in the written path matches anything).
 */
export function endsWithTemplate(written: string, template: string): boolean {
  const have = written.split(/[?#]/)[0]!.split('/').filter(Boolean);
  const want = template.split('/').filter(Boolean);
  if (have.length < want.length) return false;
  const tail = have.slice(have.length - want.length);
  return want.every((segment, i) => isParameter(segment) || tail[i] === segment || /\{\{[^}]*\}\}/.test(tail[i]!));
}

/** The written path with the old template's part replaced by the new one: `/api/v1/zoeken` → `/api/v2/zoeken`. */
export function movedPath(written: string, oldTemplate: string, newTemplate: string): string {
  const have = written.split('/');
  const oldSegments = oldTemplate.split('/').filter(Boolean);
  const prefix = have.slice(0, have.length - oldSegments.length);
  const values = have.slice(have.length - oldSegments.length).filter((_, i) => isParameter(oldSegments[i] ?? ''));
  let n = 0;
  const rendered = newTemplate.split('/').filter(Boolean).map((s) => (isParameter(s) ? (values[n++] ?? s) : s));
  return [...prefix, ...rendered].join('/') || '/';
}
