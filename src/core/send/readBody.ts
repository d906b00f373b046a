// Reads a response body with bounded memory: decoded (gzip, br, deflate), kept in memory up to
// a cap, streamed to a file beyond it; the record always keeps a preview.

import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { bodyKind, decodeText, hexSummary } from './bodyKind';
import type { ResponseBody } from './types';

export interface BodyLimits {
  /** Bodies larger than this go to a file (default 10 MB). */
  maxMemoryBytes: number;
  /** Bytes of the body kept as the preview (default 64 KB). */
  previewBytes: number;
  /** Folder for bodies over the cap. */
  spillDir: string;
}

function decoders(contentEncoding: string | undefined, firstByte: number | undefined) {
  const codings = (contentEncoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity');
  return codings.reverse().map((coding) => {
    if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
    if (coding === 'br') return createBrotliDecompress();
    // Some servers send raw deflate despite the name; a zlib stream starts with 0x78.
    if (coding === 'deflate') return firstByte === 0x78 ? createInflate() : createInflateRaw();
    return undefined;
  });
}

async function* decoded(body: Readable, contentEncoding: string | undefined): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return;
  const steps = decoders(contentEncoding, first.value[0]);
  if (steps.length === 0 || steps.some((s) => s === undefined)) {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    return;
  }
  async function* raw() {
    yield first.value as Buffer;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  // pipeline destroys every stage on a failure, so a corrupt body surfaces as an error below.
  const stream = pipeline([Readable.from(raw()), ...(steps as NodeJS.ReadWriteStream[])], () => undefined) as unknown as Readable;
  for await (const chunk of stream) yield chunk as Buffer;
}

/** `onChunk` is called for every chunk received (the caller's idle timer). */
export async function readBody(body: Readable, headers: { contentType?: string; contentEncoding?: string }, limits: BodyLimits, onChunk?: () => void): Promise<ResponseBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const preview: Uint8Array[] = [];
  let previewSize = 0;
  let file: string | undefined;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    for await (const chunk of decoded(body, headers.contentEncoding)) {
      onChunk?.();
      if (previewSize < limits.previewBytes) {
        const part = chunk.subarray(0, limits.previewBytes - previewSize);
        preview.push(part);
        previewSize += part.length;
      }
      size += chunk.length;
      if (handle) {
        await handle.write(chunk);
      } else if (size > limits.maxMemoryBytes) {
        mkdirSync(limits.spillDir, { recursive: true });
        file = join(limits.spillDir, `body-${randomUUID()}.bin`);
        handle = await open(file, 'w');
        for (const held of chunks) await handle.write(held);
        chunks.length = 0;
        await handle.write(chunk);
      } else {
        chunks.push(chunk);
      }
    }
  } finally {
    await handle?.close();
  }
  const head = Buffer.concat(preview);
  const encoding = bodyKind(headers.contentType, head);
  const bytes = file ? undefined : Buffer.concat(chunks);
  let previewText: string;
  if (encoding === 'binary') previewText = hexSummary(head, size);
  else previewText = decodeText(head, headers.contentType);
  return {
    size,
    contentType: headers.contentType,
    encoding,
    preview: previewText,
    previewTruncated: size > head.length,
    file,
    bytes,
  };
}
