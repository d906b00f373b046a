// `Authorization: Basic user:password` and `Basic user password`, as REST Client and httpYac
// users write them, are encoded to base64 before sending (RFC 7617); a value that is one token
// already (`Basic dXNlcjpwdw==`) is sent as written.

/** The header value to send, or undefined when it is not a Basic credential to encode. */
export function encodeBasicCredentials(value: string): string | undefined {
  const match = /^(\s*basic)\s+(.*?)\s*$/is.exec(value);
  if (!match) return undefined;
  const credentials = match[2]!;
  let pair: string;
  if (credentials.includes(':')) pair = credentials;
  else {
    const split = /^(\S+)\s+(.+)$/s.exec(credentials);
    if (!split) return undefined;
    pair = `${split[1]}:${split[2]}`;
  }
  return `${match[1]!.trim()} ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
