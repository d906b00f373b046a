// `operationPath`: a source description and a JSON pointer to an Operation Object in it. Written
// `{$sourceDescriptions.NAME.url}#/paths/~1pets~1{id}/get` in the specification's examples; the
// forms `$sourceDescriptions.NAME.url#/…` and `$sourceDescriptions.NAME#/…` (1.1 test suite) mean the same.

export interface OperationPath {
  source: string;
  /** Pointer segments, unescaped: ['paths', '/pets/{id}', 'get']. */
  pointer: string[];
}

const FORMS = [/^\{\$sourceDescriptions\.([A-Za-z0-9_-]+)\.url\}#(.*)$/, /^\$sourceDescriptions\.([A-Za-z0-9_-]+)(?:\.url)?#(.*)$/];

export function parseOperationPath(text: string): OperationPath | undefined {
  for (const form of FORMS) {
    const match = form.exec(text);
    if (!match) continue;
    const raw = match[2]!;
    if (!raw.startsWith('/')) return undefined;
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // a literal % stays as written
    }
    return { source: match[1]!, pointer: decoded.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) };
  }
  return undefined;
}
