// The spellings a secret takes on the wire and in what servers echo back: as written,
// percent-encoded (upper- and lower-case hex, `+` for spaces, every byte encoded), JSON-escaped,
// and base64 / base64url. Base64 of a longer text (`user:password` in a Basic header, a token
// that embeds the key) holds the secret at one of three alignments; the characters that depend
// on the secret's bytes alone are the same whatever surrounds it, so those are the spellings.

/** Below this many stable base64 characters a match would hit unrelated text. */
const MIN_BASE64_CHARS = 6;

function percentEveryByte(secret: string): string {
  return [...Buffer.from(secret, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** The base64 characters of `secret` that do not depend on its neighbours, at each alignment. */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Character i covers bits [6i, 6i+6); it is the secret's alone when those bits lie in it.
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    if (end - start < MIN_BASE64_CHARS) continue;
    const core = encoded.slice(start, end);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

export function secretSpellings(secret: string): Set<string> {
  const forms = new Set<string>([secret]);
  const encoded = encodeURIComponent(secret);
  forms.add(encoded);
  forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  forms.add(encoded.replace(/%20/g, '+'));
  forms.add(percentEveryByte(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));
  for (const core of base64Cores(secret)) forms.add(core);
  return forms;
}
