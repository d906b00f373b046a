// Line numbers of path items and operations, found by reading indentation instead of building a
// YAML syntax tree (which costs several times the document in memory). Works for block-style
// YAML and pretty-printed JSON, the forms people and generators write; a one-line JSON document
// simply gets no line numbers.

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const YAML_KEY = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"{[\-?][^#]*?|-[^\s#][^#]*?))\s*:(?:\s|$)/;
const JSON_KEY = /^"((?:[^"\\]|\\.)*)"\s*:/;

function keyOf(line: string, json: boolean): string | undefined {
  if (json) {
    const m = JSON_KEY.exec(line);
    if (!m) return undefined;
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1];
    }
  }
  const m = YAML_KEY.exec(line);
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1].replace(/''/g, "'");
  if (m[2] !== undefined) {
    try {
      return JSON.parse(`"${m[2]}"`) as string;
    } catch {
      return m[2];
    }
  }
  return m[3];
}

/** Map of `path` → line and `path method` (method lower-case) → line, one-based. */
export function scanOperationLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const json = /^\s*[{[]/.test(text.slice(0, 64));
  let pos = 0;
  let lineNo = 0;
  let inPaths = false;
  let rootIndent = json ? -1 : 0;
  let pathsIndent = -1;
  let pathIndent = -1;
  let methodIndent = -1;
  let currentPath: string | undefined;
  const length = text.length;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = length;
    lineNo++;
    let indent = 0;
    while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
    const first = text.charCodeAt(pos + indent);
    // Only lines at the few interesting indentations are sliced and matched.
    const interesting =
      pos + indent < end &&
      first !== 35 /* # */ &&
      (!inPaths ? indent <= (json ? 8 : 0) : indent <= (methodIndent >= 0 ? methodIndent : indent));
    if (interesting) {
      const key = keyOf(text.slice(pos + indent, end).replace(/\r$/, ''), json);
      if (key !== undefined) {
        if (!inPaths) {
          if (rootIndent < 0) rootIndent = indent;
          if (key === 'paths' && indent === rootIndent) {
            inPaths = true;
            pathsIndent = indent;
          }
        } else if (indent <= pathsIndent) {
          inPaths = false;
          if (key === 'paths') {
            inPaths = true;
            pathsIndent = indent;
          }
        } else if (pathIndent < 0 || indent === pathIndent) {
          pathIndent = indent;
          currentPath = key;
          lines.set(key, lineNo);
        } else if (currentPath !== undefined && (methodIndent < 0 || indent === methodIndent) && indent > pathIndent) {
          if (METHODS.has(key.toLowerCase())) {
            methodIndent = indent;
            lines.set(`${currentPath} ${key.toLowerCase()}`, lineNo);
          } else if (methodIndent < 0) {
            // `parameters:` or `summary:` before the first method fixes the level too
            methodIndent = indent;
          }
        }
      }
    }
    pos = end + 1;
  }
  return lines;
}
