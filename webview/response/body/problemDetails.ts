// Problem details (RFC 9457, application/problem+json) made readable: title, status, detail,
// instance and type first, then the registry's own members (a VR `validationErrors` map, a 409's
// `bevestigingsToken` …) as lines of text. Pure: tested in Node.

export interface ProblemView {
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  type?: string;
  /** Other members: name and its value as text (objects one line per entry). */
  extensions: { name: string; lines: string[] }[];
}

const STANDARD = new Set(['type', 'title', 'status', 'detail', 'instance']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A problem view when the body is one (by content type, or by its members when the type is plain JSON). */
export function problemView(body: unknown, contentType: string | undefined): ProblemView | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const value = body as Record<string, unknown>;
  const declared = !!contentType && /problem\+json/i.test(contentType);
  const looksLike = (typeof value.title === 'string' || typeof value.detail === 'string') && (typeof value.status === 'number' || typeof value.type === 'string');
  if (!declared && !looksLike) return undefined;
  const extensions: ProblemView['extensions'] = [];
  for (const [name, member] of Object.entries(value)) {
    if (STANDARD.has(name)) continue;
    if (member && typeof member === 'object' && !Array.isArray(member)) {
      extensions.push({ name, lines: Object.entries(member).map(([key, inner]) => `${key}: ${Array.isArray(inner) ? inner.map(text).join('; ') : text(inner)}`) });
    } else if (Array.isArray(member)) {
      extensions.push({ name, lines: member.map(text) });
    } else extensions.push({ name, lines: [text(member)] });
  }
  return {
    title: typeof value.title === 'string' ? value.title : undefined,
    status: typeof value.status === 'number' ? value.status : undefined,
    detail: typeof value.detail === 'string' ? value.detail : undefined,
    instance: typeof value.instance === 'string' ? value.instance : undefined,
    type: typeof value.type === 'string' ? value.type : undefined,
    extensions,
  };
}

/** Steps of a JSONPath as the validator and this viewer write it: `$.a[0]['b c'][\`@d]["e"]`. */
export function pathSteps(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: (string | number)[] = [];
  let at = 1;
  while (at < path.length) {
    const rest = path.slice(at);
    let match: RegExpExecArray | null;
    if ((match = /^\.([A-Za-z_$][\w$]*)/.exec(rest))) steps.push(match[1]!);
    else if ((match = /^\[(\d+)\]/.exec(rest))) steps.push(Number(match[1]));
    else if ((match = /^\['([^']*)'\]/.exec(rest))) steps.push(match[1]!);
    else if ((match = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest))) steps.push(JSON.parse(`"${match[1]}"`) as string);
    else if ((match = /^\[`([^\]]*)\]/.exec(rest))) steps.push(match[1]!);
    else return undefined;
    at += match[0].length;
  }
  return steps;
}

/** Hex preview lines: offset, 16 bytes in hex, and the printable ASCII of them. */
export function hexLine(bytes: Uint8Array, offset: number): string {
  const row = bytes.subarray(offset, Math.min(bytes.length, offset + 16));
  let hex = '';
  let ascii = '';
  for (let i = 0; i < 16; i++) {
    const b = row[i];
    hex += b === undefined ? '   ' : `${b.toString(16).padStart(2, '0')} `;
    if (i === 7) hex += ' ';
    if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} ${ascii}`;
}
