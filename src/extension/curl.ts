// A resolved request as a curl command line, for a terminal or CI. Secret values are never
// written out: each becomes a shell variable reference (`${KVK_APIKEY}`) the user sets there.
// Plain code without `vscode`, tested in test/extension/.
import type { PreparedRequest } from '../core/send/types';

/** A shell variable name for a secret's name: `kvk.apikey` → `KVK_APIKEY`. */
export function shellName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  const upper = /[a-z]/.test(cleaned) && /[A-Z]/.test(cleaned) ? cleaned.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase() : cleaned.toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/** Double-quoted for POSIX shells, with every secret value replaced by `${NAME}`. */
function quote(text: string, secrets: ReadonlyMap<string, string>): string {
  const values = [...secrets.keys()].filter((value) => value.length >= 3).sort((a, b) => b.length - a.length);
  let out = '';
  let index = 0;
  while (index < text.length) {
    const value = values.find((candidate) => text.startsWith(candidate, index));
    if (value) {
      out += `\${${secrets.get(value)}}`;
      index += value.length;
      continue;
    }
    const c = text[index]!;
    out += c === '"' || c === '\\' || c === '$' || c === '`' ? `\\${c}` : c;
    index++;
  }
  return `"${out}"`;
}

/** `secrets` maps each secret value to the name it is referred to by. */
export function toCurl(request: PreparedRequest, secrets: ReadonlyMap<string, string> = new Map()): string {
  const names = new Map([...secrets].map(([value, name]) => [value, shellName(name)]));
  // One option a line: the first names the method, the rest read top to bottom.
  const lines = [request.method !== 'GET' || request.body !== undefined ? `curl -X ${request.method}` : 'curl'];
  if (request.followRedirects) lines.push('-L');
  lines.push(quote(request.url, names));
  for (const [name, value] of request.headers) lines.push(`-H ${quote(`${name}: ${value}`, names)}`);
  const body = request.body;
  if (typeof body === 'string') lines.push(`--data-binary ${quote(body, names)}`);
  else if (body instanceof Uint8Array) lines.push('--data-binary @-');
  else if (body) lines.push(`--data-binary ${quote(`@${body.file}`, names)}`);
  if (request.timeoutMs) lines.push(`--max-time ${Math.ceil(request.timeoutMs / 1000)}`);
  const command = lines.join(' \\\n  ');
  // A comment cannot sit inside the continued lines: a binary body's note goes above them.
  return body instanceof Uint8Array ? `# the body is ${body.length} bytes of binary data: pipe them in on stdin\n${command}` : command;
}
