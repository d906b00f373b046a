// Whether a body is text or bytes: the content type decides when it can, otherwise the bytes
// do (a NUL or invalid UTF-8 means binary). Binary bodies are never decoded as text.

const TEXT_TYPES = /^text\/|[/+](json|xml|javascript|ecmascript|yaml|x-yaml|csv|x-www-form-urlencoded|graphql|html|problem\+json|problem\+xml)\b|^application\/(json|xml|javascript|x-ndjson|ld\+json|hal\+json)/i;
const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip|x-gzip|x-tar|x-7z|protobuf|x-protobuf|msgpack|vnd\.ms-excel|vnd\.openxmlformats)/i;

export function charsetOf(contentType: string | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  return charset ?? 'utf-8';
}

/** `sample` is the start of the body; a cut multi-byte character at its end is not an error. */
export function bodyKind(contentType: string | undefined, sample: Uint8Array): 'text' | 'binary' {
  if (contentType && TEXT_TYPES.test(contentType)) return 'text';
  if (contentType && BINARY_TYPES.test(contentType)) return 'binary';
  if (sample.includes(0)) return 'binary';
  if (contentType && charsetOf(contentType) !== 'utf-8') return 'text';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'text';
  } catch {
    return 'binary';
  }
}

// One decoder per charset, reused: a TextDecoder made per body cost ~4 us a response in a run's
// cold code (node --cpu-prof). decode() without `stream` keeps nothing between calls, and only
// the Encoding Standard's few hundred labels construct one, so the map stays small.
const decoders = new Map<string, TextDecoder>();

function decoderFor(charset: string): TextDecoder {
  let decoder = decoders.get(charset);
  if (!decoder) decoders.set(charset, (decoder = new TextDecoder(charset)));
  return decoder;
}

export function decodeText(bytes: Uint8Array, contentType: string | undefined): string {
  try {
    return decoderFor(charsetOf(contentType)).decode(bytes);
  } catch {
    return decoderFor('utf-8').decode(bytes);
  }
}

export function hexSummary(bytes: Uint8Array, size: number): string {
  const head = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `<binary, ${size} bytes${head ? `, starts ${head}${size > 16 ? ' …' : ''}` : ''}>`;
}
