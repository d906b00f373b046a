// What changed since the user's version, for the 412 refresh offer. A registry whose ETag counts
// the gebeurtenissen of a historiek (`etag.version: historiek-count` in registry.yaml, and a
// historiek.yaml) answers exactly: the gebeurtenissen between the two ETags, read from its
// historiek. Elsewhere: the fields the request sets whose current value differs (a JSON diff of
// the current resource against the request body) — what the resend would overwrite.

import { dataDiff, readHistoriek, historiekPath, subjectOfPath } from '../historiek';
import { loadHistoriekSpec } from '../historiek/loadHistoriekSpec';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { PolicyContext } from './types';

const MAX_LINES = 50;

/** The number in an ETag (`W/"7"` → 7), when the tag is one. */
export function etagVersion(etag: string): number | undefined {
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(etag.trim());
  return match ? Number(match[1]) : undefined;
}

function bodyJson(record: ResponseRecord | PreparedRequest): unknown {
  let text: string | undefined;
  if ('response' in record || 'redirects' in record) {
    const body = (record as ResponseRecord).response?.body;
    if (!body || body.encoding !== 'text') return undefined;
    text = body.bytes ? Buffer.from(body.bytes).toString('utf8') : body.preview;
  } else {
    const body = (record as PreparedRequest).body;
    text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined;
  }
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The historiek's gebeurtenissen after version `from` up to `to`, as lines; undefined when the registry keeps none. */
async function gebeurtenissenBetween(request: PreparedRequest, from: string, to: string, context: PolicyContext, signal: AbortSignal): Promise<string[] | undefined> {
  const registry = context.registry;
  if (registry?.etag?.version !== 'historiek-count') return undefined;
  const [a, b] = [etagVersion(from), etagVersion(to)];
  if (a === undefined || b === undefined) return undefined;
  const spec = await loadHistoriekSpec(registry.folder);
  if (!spec) return undefined;
  const url = new URL(request.url);
  // the subject's path may sit under an environment's prefix (`/v8.6/v1/verenigingen/V…`)
  const prefix = spec.operation.path.slice(0, spec.operation.path.indexOf(`{${spec.subject.name}}`));
  const at = url.pathname.indexOf(prefix);
  if (at < 0) return undefined;
  const subject = subjectOfPath(url.pathname.slice(at), spec);
  if (!subject) return undefined;
  url.pathname = url.pathname.slice(0, at) + historiekPath(spec, subject);
  url.search = '';
  const headers = request.headers.filter(([name]) => !/^(if-match|if-none-match|content-type|content-length)$/i.test(name));
  const answer = await context.send({ ...request, method: 'GET', url: url.href, headers, body: undefined, added: undefined }, signal);
  if (!answer.response || answer.response.status !== 200) return undefined;
  const { gebeurtenissen } = readHistoriek(bodyJson(answer), spec);
  const between = gebeurtenissen.slice(a, b);
  const lines = between.slice(0, MAX_LINES).map((g) => `#${g.index + 1} ${g.tijdstip} ${g.type}${g.beschrijving && g.beschrijving !== g.type ? `: ${g.beschrijving}` : ''}${g.initiator ? ` (${g.initiator})` : ''}`);
  if (between.length > MAX_LINES) lines.push(`… and ${between.length - MAX_LINES} more`);
  if (lines.length === 0) lines.push(`no gebeurtenissen between ${from} and ${to} in ${url.href}`);
  return lines;
}

/** The request body's fields whose current value differs: `$.naam: now "X", you send "Y"`. */
function fieldsChanged(request: PreparedRequest, current: ResponseRecord | undefined): string[] {
  const yours = bodyJson(request);
  const now = current && bodyJson(current);
  if (typeof yours !== 'object' || yours === null || Array.isArray(yours) || typeof now !== 'object' || now === null) return [];
  const subset = Object.fromEntries(Object.keys(yours).map((key) => [key, (now as Record<string, unknown>)[key]]));
  const rows = dataDiff(subset, yours).filter((row) => row.kind !== 'same');
  const lines = rows.slice(0, MAX_LINES).map((row) => `${row.path}: now ${row.left ?? '(absent)'}, you send ${row.right ?? '(nothing)'}`);
  if (rows.length > MAX_LINES) lines.push(`… and ${rows.length - MAX_LINES} more`);
  return lines;
}

/** What changed between the ETag the request sent and the current one, one line each. */
export async function changesSince(request: PreparedRequest, sent: string, current: string, currentRecord: ResponseRecord | undefined, context: PolicyContext, signal: AbortSignal): Promise<string[]> {
  try {
    const gebeurtenissen = await gebeurtenissenBetween(request, sent, current, context, signal);
    if (gebeurtenissen) return gebeurtenissen;
  } catch (error) {
    context.ports.notice(`the historiek could not be read for the 412: ${error instanceof Error ? error.message : String(error)}`);
  }
  return fieldsChanged(request, currentRecord);
}
