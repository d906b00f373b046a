// The one sanitiser for text bound for a terminal. What a server, a request file or an API
// description says may hold control sequences that recolour, retitle or clear a terminal (ESC,
// and C1's single-byte CSI U+009B that some terminals obey), or bidi controls that make a line
// read differently from what it holds (U+202A–U+202E, U+2066–U+2069, and the marks U+200E,
// U+200F, U+061C). C0 controls are shown as their Unicode pictures (ESC as ␛; JSON never holds
// them raw), DEL, C1 and bidi controls as `\uXXXX` — which inside a JSON string is the same
// character, so JSON output stays valid and means what it meant.

// One pass per text: a precompiled global pattern per option set finds only what must change
// (tab, and line breaks in multi-line text, never match), so clean text — a 25 MB JSON report,
// all line breaks — is one regex scan and no copy.
const UNSAFE_CLASS = '[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const UNSAFE_MULTILINE_CLASS = '[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
/** Only Select Graphic Rendition (colours, bold) — what our own reporters paint with. */
const SGR = '\\x1b\\[[0-9;]*m';
const PATTERNS: Record<string, RegExp> = {
  plain: new RegExp(UNSAFE_CLASS, 'g'),
  sgr: new RegExp(`${SGR}|${UNSAFE_CLASS}`, 'g'),
  multiline: new RegExp(`\\r\\n|${UNSAFE_MULTILINE_CLASS}`, 'g'),
  'multiline+sgr': new RegExp(`\\r\\n|${SGR}|${UNSAFE_MULTILINE_CLASS}`, 'g'),
};

export interface TerminalTextOptions {
  /** Keep line breaks (CRLF becomes LF); otherwise they are shown as ␊ / ␍, so one field stays one line. */
  multiline?: boolean;
  /** Keep SGR colour sequences (our own painting, when colour is on); every other ESC is shown. */
  keepSgr?: boolean;
}

function shown(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

function replacement(match: string): string {
  if (match.length === 1) return shown(match);
  return match === '\r\n' ? '\n' : match; // CRLF in multi-line text, or a kept SGR sequence
}

export function terminalSafe(text: string, options: TerminalTextOptions = {}): string {
  const pattern = PATTERNS[options.multiline ? (options.keepSgr ? 'multiline+sgr' : 'multiline') : options.keepSgr ? 'sgr' : 'plain']!;
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, replacement);
}

/**
 * A stream whose every write goes through `terminalSafe` (multi-line): the CLI's backstop, so a
 * line no reporter thought of cannot reach the terminal raw either.
 */
export function terminalSafeStream<T extends NodeJS.WritableStream>(stream: T, options: { keepSgr: boolean }): T {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : undefined;
    const safe = text === undefined ? chunk : terminalSafe(text, { multiline: true, keepSgr: options.keepSgr });
    return (stream.write as (...args: unknown[]) => boolean)(safe, ...rest);
  };
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
