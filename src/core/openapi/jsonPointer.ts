// RFC 6901 JSON pointers: how locations inside a document are named in errors and the index.

export function escapePointerSegment(segment: string): string {
  if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) return segment; // most keys: nothing to escape
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapePointerSegment(String(s))).join('');
}

/** `#/components/schemas/A` or `/components/schemas/A` → segments; percent-decoded as URI fragments are. */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  // (nothing to decode without a `%`: a big description's thousands of `$ref`s mostly have none)
  if (p.indexOf('%') >= 0) {
    try {
      p = decodeURIComponent(p);
    } catch {
      // a literal `%` in a key: keep as written
    }
  }
  if (p === '') return [];
  if (!p.startsWith('/')) return [p];
  const segments = p.slice(1).split('/');
  return p.indexOf('~') < 0 ? segments : segments.map(unescapePointerSegment);
}
