// The host side of the helpers scripts call that the sandbox cannot do itself, or not fast:
// hashes and HMACs (JetBrains' crypto API), base64, JSONPath. Pure functions over strings, so
// nothing but text crosses the boundary.

import { createHash, createHmac, getHashes } from 'node:crypto';
import { JSONPath } from 'jsonpath-plus';

type Part = [kind: string, value: string, encoding?: string];

const ENCODINGS: Record<string, BufferEncoding> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
  iso88591: 'latin1',
  ascii: 'ascii',
  'us-ascii': 'ascii',
  'utf-16le': 'utf16le',
  utf16le: 'utf16le',
};

const ALGORITHMS = new Set(['sha1', 'sha256', 'sha384', 'sha512', 'md5']);

function bytesOf(part: unknown): Buffer {
  if (!Array.isArray(part) || typeof part[0] !== 'string' || typeof part[1] !== 'string') throw new Error('malformed crypto input');
  const [kind, value, encoding] = part as Part;
  switch (kind) {
    case 'text': {
      const name = ENCODINGS[String(encoding ?? 'utf8').toLowerCase()];
      if (!name) throw new Error(`unknown text encoding '${encoding}' (UTF8, ISO-8859-1, US-ASCII, UTF-16LE)`);
      return Buffer.from(value, name);
    }
    case 'hex':
      if (!/^(?:[\da-f]{2})*$/i.test(value)) throw new Error(`'${value.slice(0, 40)}' is not hexadecimal`);
      return Buffer.from(value, 'hex');
    case 'base64':
    case 'base64url':
      return Buffer.from(value, kind);
    default:
      throw new Error(`unknown input kind '${kind}'`);
  }
}

/** `{ algorithm, key, parts }` from the prelude's hasher → the digest in hexadecimal. */
export function digest(spec: string): string {
  const parsed = JSON.parse(spec) as { algorithm?: unknown; key?: unknown; parts?: unknown };
  const algorithm = String(parsed.algorithm);
  if (!ALGORITHMS.has(algorithm) || !getHashes().includes(algorithm)) throw new Error(`unknown hash '${algorithm}'`);
  const hash = parsed.key === null || parsed.key === undefined ? createHash(algorithm) : createHmac(algorithm, bytesOf(parsed.key));
  for (const part of Array.isArray(parsed.parts) ? parsed.parts : []) hash.update(bytesOf(part));
  return hash.digest('hex');
}

export function hexToBase64(hex: string, urlSafe: boolean): string {
  return Buffer.from(hex, 'hex').toString(urlSafe ? 'base64url' : 'base64');
}

/** The browser's btoa: a string of characters up to U+00FF, as base64. */
export function btoa(text: string): string {
  if (/[^\u0000-\u00ff]/.test(text)) throw new Error('btoa: the string has characters outside Latin-1; encode it as UTF-8 bytes first');
  return Buffer.from(text, 'latin1').toString('base64');
}

/** The browser's atob: base64 to a string of bytes (one character per byte). */
export function atob(base64: string): string {
  const compact = base64.replace(/[\t\n\f\r ]/g, '');
  if (!/^[A-Za-z\d+/]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) throw new Error('atob: the string is not valid base64');
  return Buffer.from(compact, 'base64').toString('latin1');
}

/**
 * JetBrains' `jsonPath(value, expression)`: the one match, or an array of matches, or null.
 * Answers JSON text.
 */
export function jsonPath(valueJson: string, expression: string): string | undefined {
  const json = JSON.parse(valueJson) as unknown;
  if (json === null || typeof json !== 'object') return undefined;
  // The expression is the script's, so hostile: filters run in jsonpath-plus's own expression
  // evaluator ('safe', no JavaScript), never through Function or vm.
  const found: unknown[] = JSONPath({ path: expression, json: json as object, wrap: true, eval: 'safe' });
  if (found.length === 0) return undefined;
  return JSON.stringify(found.length === 1 ? found[0] : found);
}
