// Duplicate detection on registration (issue 15 §2): a registry that refuses a registration
// looking like an existing subject answers `duplicates.status` with the candidates and a token.
// The user sees the candidates (Offer 'confirm-duplicates'); confirmed, the SAME request goes
// again with the token in the registry's header. Where the token and the candidates are in the
// answer, and the header's name, are the registry's data (`duplicates:` in registry.yaml).

import type { DuplicatesKnowledge } from '../catalog/types';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import { atPointer } from './authValues';
import type { DuplicateCandidate, Policy } from './types';
import { firstHeaderValue } from '../send/firstHeaderValue';

export const DUPLICATES_POLICY = 'duplicates';

function bodyOf(record: ResponseRecord): unknown {
  const body = record.response?.body;
  if (!body || body.encoding !== 'text') return undefined;
  const text = body.bytes ? Buffer.from(body.bytes).toString('utf8') : body.preview;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The token and candidates of a duplicates answer, or undefined when the answer is not one. */
export function readDuplicates(record: ResponseRecord, rules: DuplicatesKnowledge): { token: string; candidates: DuplicateCandidate[] } | undefined {
  const response = record.response;
  if (!response || response.status !== rules.status) return undefined;
  const body = bodyOf(record);
  const fromBody = rules.tokenPointer && body !== undefined ? atPointer(body, rules.tokenPointer) : undefined;
  const token = typeof fromBody === 'string' && fromBody ? fromBody : firstHeaderValue(response.headers, rules.tokenHeader);
  if (!token) return undefined;
  const list = body === undefined ? undefined : atPointer(body, rules.candidates);
  const candidates = (Array.isArray(list) ? list : []).slice(0, 100).map((item): DuplicateCandidate => {
    const id = rules.candidateId ? atPointer(item, rules.candidateId) : undefined;
    const name = rules.candidateName ? atPointer(item, rules.candidateName) : undefined;
    return {
      id: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined,
      name: typeof name === 'string' ? name : undefined,
      details: typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined,
    };
  });
  return { token, candidates };
}

export function describeCandidates(candidates: readonly DuplicateCandidate[]): string {
  if (candidates.length === 0) return 'no candidates listed';
  return candidates.map((c) => [c.id, c.name && `'${c.name}'`].filter(Boolean).join(' ') || '(unnamed)').join(', ');
}

export const duplicatesPolicy: Policy = {
  name: DUPLICATES_POLICY,
  appliesTo: (registry) => registry?.duplicates !== undefined,
  async after(record, request, context, signal) {
    const rules = context.registry?.duplicates;
    if (!rules || firstHeaderValue(request.headers, rules.tokenHeader)) return;
    const found = readDuplicates(record, rules);
    if (!found) return;
    const listed = describeCandidates(found.candidates);
    (record.notes ??= []).push({ policy: DUPLICATES_POLICY, message: `${found.candidates.length} possible duplicate(s): ${listed}` });
    const accepted = await context.ports.decide({ kind: 'confirm-duplicates', url: request.url, candidates: found.candidates }, signal);
    if (!accepted) {
      context.ports.notice(`${request.method} ${request.url}: ${record.response!.status}, possible duplicates: ${listed}. Not registered; confirm to send the same request with ${rules.tokenHeader}.`);
      return;
    }
    const resent: PreparedRequest = {
      ...request,
      headers: [...request.headers, [rules.tokenHeader, found.token]],
      added: [...(request.added ?? []), { header: rules.tokenHeader, by: DUPLICATES_POLICY, from: `the ${record.response!.status} answer's confirmation token (you confirmed: ${listed})` }],
    };
    const again = await context.send(resent, signal);
    again.added ??= resent.added;
    (again.notes ??= []).push({ policy: DUPLICATES_POLICY, message: `sent again with ${rules.tokenHeader} after confirming ${found.candidates.length} possible duplicate(s)` });
    return again;
  },
};
