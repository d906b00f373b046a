// Assembles a request body from its segments: text as written, `< file` included as bytes,
// `<@ file` with its variables replaced. Paths are relative to the request file. Form bodies
// may be written over several lines (REST Client), so their line breaks are dropped;
// multipart bodies get the CRLF line breaks the format requires.

import { isAbsolute, join } from 'node:path';
import type { BodySegment } from '../http/ast';

export interface BodyHost {
  /** The folder of the request file. */
  baseDir: string;
  readFile(path: string): Promise<Uint8Array>;
  /** When given, a body that is a single plain file include is sent from disk as a stream. */
  fileExists?(path: string): Promise<boolean>;
  /** Resolves `{{…}}` in text (and records the secrets it used). */
  resolve(text: string): string;
}

export class BodyFileError extends Error {
  constructor(readonly path: string, readonly segment: BodySegment, cause: unknown) {
    super(`cannot read body file '${path}': ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message}`);
    this.name = 'BodyFileError';
  }
}

export async function assembleBody(segments: readonly BodySegment[], contentType: string | undefined, host: BodyHost): Promise<string | Uint8Array | { file: string } | undefined> {
  if (segments.length === 0) return undefined;
  // Include paths may hold variables (`< {{dataDir}}/payload.json`).
  const pathOf = (segment: Extract<BodySegment, { type: 'file' }>) => {
    const path = host.resolve(segment.path);
    return isAbsolute(path) ? path : join(host.baseDir, path);
  };
  const only = segments[0]!;
  if (segments.length === 1 && only.type === 'file' && !only.processVariables && host.fileExists) {
    // A body that is one file as it is streams from disk: uploads of any size, bounded memory.
    const path = pathOf(only);
    if (!(await host.fileExists(path))) throw new BodyFileError(path, only, Object.assign(new Error('no such file'), { code: 'ENOENT' }));
    return { file: path };
  }
  const form = /application\/x-www-form-urlencoded/i.test(contentType ?? '');
  const multipart = /^multipart\//i.test(contentType ?? '');
  const parts: (string | Uint8Array)[] = [];
  for (const segment of segments) {
    if (segment.type === 'text') {
      let text = host.resolve(segment.text);
      if (form) text = text.split(/\r?\n/).map((line) => line.trim()).join('');
      else if (multipart) text = text.replace(/\r?\n/g, '\r\n');
      parts.push(text);
      continue;
    }
    const path = pathOf(segment);
    let bytes: Uint8Array;
    try {
      bytes = await host.readFile(path);
    } catch (error) {
      throw new BodyFileError(path, segment, error);
    }
    if (segment.processVariables) {
      const encoding = (segment.encoding ?? 'utf8') as BufferEncoding;
      const text = host.resolve(Buffer.from(bytes).toString(Buffer.isEncoding(encoding) ? encoding : 'utf8'));
      parts.push(Buffer.from(text, Buffer.isEncoding(encoding) ? encoding : 'utf8'));
    } else parts.push(bytes);
  }
  // Text segments carry their own line breaks around file includes, so parts join as they are.
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
}
