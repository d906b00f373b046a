// The parts of a request URL a send needs: where to connect (origin, protocol, host, port) and
// what to ask for (path and query). `new URL` cost ~16 us a request in a run's cold code (Node
// 20's URL class, node --cpu-prof), and a run sends to a few origins with paths that the WHATWG
// parser leaves exactly as written. So each origin is parsed once, and a path made only of
// characters the parser keeps as they are — no dot segment, no fragment, no user info, every `%`
// followed by two hex digits — is taken as it stands. Anything else goes through `new URL`. A
// property test holds the two forms to each other.

export interface RequestTarget {
  /** `http:` or `https:` (or another scheme, through `new URL`). */
  protocol: string;
  hostname: string;
  /** Empty for the scheme's default port. */
  port: string;
  origin: string;
  /** Path and query, as sent on the request line. */
  path: string;
  /** The URL without its fragment. */
  href: string;
}

type Origin = Pick<RequestTarget, 'protocol' | 'hostname' | 'port' | 'origin'>;

// scheme://authority, then a path and query of characters WHATWG keeps in both (no space, quote,
// angle bracket, backtick, brace, backslash, caret, pipe, `#` or non-ASCII).
const PLAIN = /^(https?:\/\/[^/?#@\\\s]+)([/?][A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const DOT_SEGMENT = /\/\.|%2e/i;

const origins = new Map<string, Origin | null>();

function originOf(prefix: string): Origin | null {
  let origin = origins.get(prefix);
  if (origin === undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(prefix);
    } catch {
      // Not an origin the parser takes: the whole URL goes to it and fails there.
    }
    // A prefix the parser reads as more than an origin (a path of its own) is not one to keep.
    origin = parsed && parsed.pathname === '/' && !parsed.search && !parsed.username && !parsed.password ? { protocol: parsed.protocol, hostname: parsed.hostname, port: parsed.port, origin: parsed.origin } : null;
    if (origins.size >= 256) origins.clear();
    origins.set(prefix, origin);
  }
  return origin;
}

/**
 * Whether `new URL(url)` parses, without parsing a plain URL again: a known origin followed by a
 * path and query of the characters above always parses (the WHATWG parser fails only on a scheme,
 * host or port). Not `URL.canParse`: in Node 20 it answers false for a valid URL with a non-ASCII
 * host once V8 has optimised its call site on ASCII URLs (a few thousand calls, as in a run or a
 * long editor session: `http://bücher.de/x` after 20,000 `http://example.com/…`).
 */
export function isParsableUrl(url: string): boolean {
  const plain = PLAIN.exec(url);
  if (plain !== null && originOf(plain[1]!) !== null) return true;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** The request target of an absolute URL; throws as `new URL` does for one it cannot parse. */
export function targetOf(url: string): RequestTarget {
  const plain = PLAIN.exec(url);
  if (plain) {
    const rest = plain[2] ?? '';
    // An empty query (`/x?`): `new URL` leaves it out of the search, so it decides that one.
    const origin = !BAD_PERCENT.test(rest) && !DOT_SEGMENT.test(rest) && !rest.endsWith('?') ? originOf(plain[1]!) : null;
    if (origin) {
      const path = rest === '' ? '/' : rest[0] === '?' ? `/${rest}` : rest;
      return { protocol: origin.protocol, hostname: origin.hostname, port: origin.port, origin: origin.origin, path, href: `${origin.origin}${path}` };
    }
  }
  const parsed = new URL(url);
  return { protocol: parsed.protocol, hostname: parsed.hostname, port: parsed.port, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, href: parsed.href.replace(/#.*$/, '') };
}
