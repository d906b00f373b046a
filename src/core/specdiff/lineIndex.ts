// Lines of JSON pointers in a description's text, for the few nodes a diff reports. One pass:
// JSON is tokenised exactly; YAML is read by indentation (block mappings, block sequences, block
// scalars skipped), the forms people and generators write. A node written in flow style inside
// its parent (`schema: { type: string }`) gets its parent's line. Only subtrees on the way to a
// wanted pointer are tracked, so a 5 MB document costs one scan and no syntax tree (the `yaml`
// package's tree takes seconds and several times the text in memory at that size).


const YAML_KEY = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s#'"{[\-?&*!|>%@`][^#]*?|-[^\s#][^#]*?))\s*:(?=\s|$)/;

/** One-based line of each wanted pointer, or of its nearest ancestor written on a line of its own. */
export function lineIndex(text: string, wanted: Iterable<string>): Map<string, number> {
  const pointers = [...new Set(wanted)];
  // Each wanted pointer and its ancestors, as children of their parent by the key as written
  // in the text (unescaped; an array index also as a number): a key is looked up, and a pointer
  // string is never built, for the many keys nothing is wanted below.
  const prefixes: Prefixes = new Map();
  const add = (pointer: string): void => {
    const slash = pointer.lastIndexOf('/');
    const parent = pointer.slice(0, slash);
    let children = prefixes.get(parent);
    if (!children) prefixes.set(parent, (children = new Map()));
    if (children.has(unescapeSegment(pointer.slice(slash + 1)))) return;
    const segment = unescapeSegment(pointer.slice(slash + 1));
    children.set(segment, pointer);
    if (/^(0|[1-9]\d*)$/.test(segment)) children.set(Number(segment), pointer);
    if (parent !== '') add(parent);
  };
  for (const pointer of pointers) if (pointer !== '') add(pointer);
  const found = /^\s*[{[]/.test(text.slice(0, 256)) ? scanJson(text, prefixes) : scanYaml(text, prefixes);
  const result = new Map<string, number>();
  for (const pointer of pointers) {
    let p = pointer;
    for (;;) {
      const line = found.get(p);
      if (line !== undefined) {
        result.set(pointer, line);
        break;
      }
      if (p === '') break;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }
  return result;
}

/** Wanted pointers by their parent, then by the key (and an index also by number). */
type Prefixes = Map<string, Map<string | number, string>>;

function unescapeSegment(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

function join(path: string | null, key: string | number, prefixes: Prefixes): string | null {
  if (path === null) return null;
  return prefixes.get(path)?.get(key) ?? null;
}

interface YamlFrame {
  indent: number;
  kind: 'map' | 'seq';
  path: string | null;
  count: number;
}

function scanYaml(text: string, prefixes: Prefixes): Map<string, number> {
  const found = new Map<string, number>();
  const record = (path: string | null, line: number): void => {
    if (path !== null && !found.has(path)) found.set(path, line);
  };
  const stack: YamlFrame[] = [{ indent: -1, kind: 'map', path: '', count: 0 }];
  let pending: { path: string | null; indent: number } | undefined;
  let skipDeeperThan: number | undefined;
  let lineNo = 0;
  let pos = 0;

  const afterValue = (value: string, path: string | null, indent: number): void => {
    const v = (value.indexOf('#') < 0 ? value : value.replace(/(^|\s)#.*$/, '')).trim();
    if (v === '' || /^[&!][^\s]*$/.test(v)) pending = { path, indent };
    else skipDeeperThan = indent; // an inline or block scalar, or flow: deeper lines belong to it
  };

  const entry = (indent: number, content: string): void => {
    let top = stack[stack.length - 1]!;
    if (content === '-' || content.startsWith('- ') || content.startsWith('-\t')) {
      if (top.kind !== 'seq' || top.indent !== indent) {
        top = { indent, kind: 'seq', path: null, count: 0 };
        stack.push(top);
      }
      const itemPath = join(top.path, top.count++, prefixes);
      record(itemPath, lineNo);
      const rest = content.slice(1);
      const trimmed = rest.trimStart();
      const column = indent + 1 + (rest.length - trimmed.length);
      if (trimmed === '' || trimmed.startsWith('#')) {
        pending = { path: itemPath, indent };
      } else if (trimmed === '-' || trimmed.startsWith('- ')) {
        stack.push({ indent: column, kind: 'seq', path: itemPath, count: 0 });
        entry(column, trimmed);
      } else if (YAML_KEY.test(trimmed)) {
        stack.push({ indent: column, kind: 'map', path: itemPath, count: 0 });
        key(column, trimmed);
      } else {
        skipDeeperThan = indent;
      }
      return;
    }
    if (top.kind !== 'map' || top.indent !== indent) {
      // the first key of the root mapping; anything else here is a form this reader does not follow
      const path = top.indent < 0 && stack.length === 1 ? '' : null;
      stack.push({ indent, kind: 'map', path, count: 0 });
    }
    key(indent, content);
  };

  const key = (indent: number, content: string): void => {
    const m = YAML_KEY.exec(content);
    if (!m) return;
    const name = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2] !== undefined ? unquote(m[2]) : m[3]!;
    const frame = stack[stack.length - 1]!;
    const path = join(frame.path, name, prefixes);
    if (path === null) {
      // nothing wanted below: its lines are passed by their indentation alone
      skipDeeperThan = indent;
      return;
    }
    record(path, lineNo);
    afterValue(content.slice(m[0].length), path, indent);
  };

  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    lineNo++;
    let indent = 0;
    while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
    const start = pos + indent;
    pos = end + 1;
    if (start >= end) continue;
    const first = text.charCodeAt(start);
    if (first === 13 || first === 35 /* # */) continue;
    if (skipDeeperThan !== undefined) {
      if (indent > skipDeeperThan) continue;
      skipDeeperThan = undefined;
    }
    const content = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (indent === 0 && (content.startsWith('---') || content.startsWith('...'))) continue;
    const dash = content === '-' || content.startsWith('- ');
    if (pending && (indent > pending.indent || (dash && indent === pending.indent))) {
      stack.push({ indent, kind: dash ? 'seq' : 'map', path: pending.path, count: 0 });
    } else {
      while (stack.length > 1) {
        const top = stack[stack.length - 1]!;
        if (top.indent > indent || (top.indent === indent && top.kind === 'seq' && !dash)) stack.pop();
        else break;
      }
    }
    pending = undefined;
    entry(indent, content);
  }
  return found;
}

function unquote(inner: string): string {
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner;
  }
}

/** Characters that end a number, true, false or null: white space, `,`, `]`, `}` (as `/[\s,\]}]/`). */
const ENDS_LITERAL = new Uint8Array(0x10000);
for (const c of [9, 10, 11, 12, 13, 32, 44, 93, 125, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) ENDS_LITERAL[c] = 1;
for (let c = 0x2000; c <= 0x200a; c++) ENDS_LITERAL[c] = 1;

function scanJson(text: string, prefixes: Prefixes): Map<string, number> {
  const found = new Map<string, number>();
  const record = (path: string | null, line: number): void => {
    if (path !== null && !found.has(path)) found.set(path, line);
  };
  // The open containers, as parallel arrays (one frame object per `{` and `[` of a 5 MB
  // document was most of what this scan allocated): an array?, its path (null: not tracked),
  // the index of its current item, whether the next string is a key, the path of the value
  // after the last key.
  const isArray: boolean[] = [];
  const paths: (string | null)[] = [];
  const indexes: number[] = [];
  const expectKey: boolean[] = [];
  const valuePaths: (string | null)[] = [];
  let depth = 0;
  let line = 1;
  const valueStart = (): string | null => {
    if (depth === 0) return '';
    const top = depth - 1;
    if (isArray[top]) {
      const path = join(paths[top]!, indexes[top]!, prefixes);
      record(path, line);
      return path;
    }
    return valuePaths[top]!;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34) break;
        else j++;
      }
      const top = depth - 1;
      if (depth > 0 && !isArray[top] && expectKey[top]) {
        // a key below an untracked subtree is not read at all
        const path = paths[top]!;
        if (path === null) valuePaths[top] = null;
        else {
          const raw = text.slice(i + 1, j);
          const name = raw.includes('\\') ? unquote(raw) : raw;
          valuePaths[top] = join(path, name, prefixes);
          record(valuePaths[top]!, line);
        }
        expectKey[top] = false;
      } else {
        valueStart();
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const path = valueStart();
      if (path === null) {
        // nothing wanted inside: passed counting only brackets, strings and line breaks
        let open = 1;
        let j = i + 1;
        while (j < n && open > 0) {
          const d = text.charCodeAt(j);
          if (d === 34) {
            j++;
            while (j < n) {
              const e = text.charCodeAt(j);
              if (e === 92) j += 2;
              else if (e === 34) break;
              else j++;
            }
          } else if (d === 10) line++;
          else if (d === 123 || d === 91) open++;
          else if (d === 125 || d === 93) open--;
          j++;
        }
        i = j - 1;
        continue;
      }
      isArray[depth] = c === 91;
      paths[depth] = path;
      indexes[depth] = 0;
      expectKey[depth] = c === 123;
      valuePaths[depth] = null;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 44 /* , */) {
      if (depth > 0) {
        const top = depth - 1;
        if (isArray[top]) indexes[top]!++;
        else expectKey[top] = true;
      }
    } else if (c !== 32 && c !== 9 && c !== 13 && c !== 58 /* : */) {
      // a number, true, false or null
      valueStart();
      while (i + 1 < n && ENDS_LITERAL[text.charCodeAt(i + 1)] === 0) i++;
    }
  }
  return found;
}
