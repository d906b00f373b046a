// Reads a response body with bounded memory and bounded size: decoded (gzip, br, deflate), kept
// in memory up to a cap, streamed to a private file beyond it (spillFolder.ts); the record always
// keeps a preview. A body larger than `maxBodyBytes`, or one that decodes to far more than was
// sent (a decompression bomb), stops the download: the partial file is deleted, the caller gets
// a `BodyLimitError`.

import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { bodyKind, decodeText, hexSummary } from './bodyKind';
import { defaultSpillDir, openBodyFile, releaseBody } from './spillFolder';
import type { ResponseBody } from './types';

export interface BodyLimits {
  /** Bodies larger than this go to a file (default 10 MB). */
  maxMemoryBytes: number;
  /** Bytes of the body kept as the preview (default 64 KB). */
  previewBytes: number;
  /** Folder for bodies over the cap (default `defaultSpillDir()`, looked up only when a body needs it). */
  spillDir?: string;
  /** Decoded bytes beyond which the download stops; undefined = no limit. */
  maxBodyBytes?: number;
  /** Decoded bytes per received byte beyond which a body is a bomb… */
  maxDecompressionRatio?: number;
  /** …once it has decoded to more than this many bytes (small bodies of zeros are fine). */
  ratioFloorBytes?: number;
}

/** The body broke a limit; `code` is `too-large` or `decompression-bomb`. */
export class BodyLimitError extends Error {
  constructor(
    readonly code: 'too-large' | 'decompression-bomb',
    message: string,
    readonly limit: number,
  ) {
    super(message);
    this.name = 'BodyLimitError';
  }
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

/** True when the body arrives as it is meant to be read (no Content-Encoding, or only `identity`). */
function identity(contentEncoding: string | undefined): boolean {
  return !contentEncoding || contentEncoding.split(',').every((c) => !c.trim() || c.trim().toLowerCase() === 'identity');
}

async function* decoded(body: AsyncIterable<Buffer>, contentEncoding: string | undefined, received: { bytes: number }): AsyncGenerator<Uint8Array> {
  const source = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Counts what arrived on the wire, before decoding, for the decompression ratio.
  const iterator: AsyncIterator<Buffer> = {
    next: async () => {
      const next = await source.next();
      if (!next.done) received.bytes += next.value.length;
      return next;
    },
  };
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

/** A body source that can hand over a body that has arrived whole (ResponseExchange does). */
interface EndedBody {
  takeEnded?(): Buffer[] | undefined;
}

/**
 * `body`: the response's chunks (sendRequest's ResponseExchange, or any stream). `onChunk` is
 * called for every chunk received (the caller's idle timer).
 */
export async function readBody(body: AsyncIterable<Buffer>, headers: { contentType?: string; contentEncoding?: string }, limits: BodyLimits, onChunk?: () => void): Promise<ResponseBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const preview: Uint8Array[] = [];
  let previewSize = 0;
  let file: string | undefined;
  let handle: Awaited<ReturnType<typeof openBodyFile>>['handle'] | undefined;
  const received = { bytes: 0 };
  const ratio = limits.maxDecompressionRatio;
  const floor = limits.ratioFloorBytes ?? 16 * 1024 * 1024;
  /** Takes one chunk; a promise only when the body goes to (or is on) disk. */
  const take = (chunk: Uint8Array, plain: boolean): Promise<void> | undefined => {
    if (plain) received.bytes += chunk.length;
    onChunk?.();
    if (limits.maxBodyBytes !== undefined && size + chunk.length > limits.maxBodyBytes) {
      throw new BodyLimitError('too-large', `the body is larger than ${limits.maxBodyBytes} bytes; the download was stopped there`, limits.maxBodyBytes);
    }
    if (previewSize < limits.previewBytes) {
      const part = chunk.subarray(0, limits.previewBytes - previewSize);
      preview.push(part);
      previewSize += part.length;
    }
    size += chunk.length;
    if (ratio !== undefined && size > floor && size > ratio * received.bytes) {
      throw new BodyLimitError('decompression-bomb', `${received.bytes} bytes received decoded to more than ${size} (over ${ratio} times as many): a decompression bomb; the download was stopped`, ratio);
    }
    if (handle) return handle.write(chunk).then(() => undefined);
    if (size > limits.maxMemoryBytes) return spill(chunk);
    chunks.push(chunk);
    return undefined;
  };
  const spill = async (chunk: Uint8Array): Promise<void> => {
    ({ file, handle } = await openBodyFile(limits.spillDir ?? defaultSpillDir()));
    for (const held of chunks) await handle.write(held);
    chunks.length = 0;
    await handle.write(chunk);
  };
  try {
    // No coding (most answers): the body's own chunks, without the decoding generators.
    const plain = identity(headers.contentEncoding);
    // A small answer has mostly arrived whole with its head: its chunks are taken as they are,
    // without a promise and an await per chunk (and one more for the end).
    const ended = plain ? (body as EndedBody).takeEnded?.() : undefined;
    if (ended) {
      for (const chunk of ended) {
        const writing = take(chunk, true);
        if (writing) await writing;
      }
    } else {
      for await (const chunk of (plain ? body : decoded(body, headers.contentEncoding, received)) as AsyncIterable<Uint8Array>) {
        const writing = take(chunk, plain);
        if (writing) await writing;
      }
    }
  } catch (error) {
    await handle?.close().catch(() => undefined);
    handle = undefined;
    // Half a body on disk is of no use to anyone and may fill it.
    await releaseBody(file);
    throw error;
  } finally {
    if (handle) await handle.close();
  }
  const head = joined(preview);
  const encoding = bodyKind(headers.contentType, head);
  const bytes = file ? undefined : joined(chunks);
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

/** The chunks as one Buffer; most bodies come in one chunk, which is then used as it is, not copied. */
function joined(chunks: Uint8Array[]): Buffer {
  if (chunks.length === 1) {
    const only = chunks[0]!;
    return Buffer.isBuffer(only) ? only : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  }
  return Buffer.concat(chunks);
}
