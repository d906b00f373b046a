// The one path every beheer write takes: find the vereniging, check If-Match, let the command
// compute the next state and its gebeurtenissen, append them, answer 202. It is synchronous from
// the If-Match check to the append, so concurrent writes on one vereniging cannot interleave.
import { empty } from '../../responses';
import type { SandboxRequest, SandboxResponse } from '../../types';
import type { Actor } from '../verenigingsregister/gebeurtenis';
import type { Gebeurtenis, Vereniging } from '../verenigingsregister/model';
import type { ReleaseView } from '../verenigingsregister/verenigingViews';
import { ValidationErrors } from '../verenigingsregister/ValidationErrors';
import type { Commit, VerenigingStore } from '../verenigingsregister/VerenigingStore';
import { vrProblem } from '../verenigingsregister/vrProblem';

export interface BeheerCall {
  store: VerenigingStore;
  request: SandboxRequest;
  actor: Actor;
  /** Origin plus release prefix ('' or '/v8.6'): where Location headers point. */
  base: string;
  /** Base URL of the JSON-LD contexts the `@context` members point at. */
  contexten: string;
  /** Verenigingstype and relaties as the called release shows them. */
  release: ReleaseView;
}

export type CommandResult = { next: Vereniging; gebeurtenissen: Gebeurtenis[] } | SandboxResponse;

export function isResponse(value: CommandResult): value is SandboxResponse {
  return 'status' in value;
}

export function etag(version: number): string {
  return `W/"${version}"`;
}

/** `*`, or one of a comma-separated list of (weak or strong) tags naming the current version. */
export function ifMatchSatisfied(header: string | undefined, version: number): boolean {
  if (header === undefined || header.trim() === '') return true;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '').replace(/^"|"$/g, '') === String(version);
  });
}

export function writeHeaders(call: BeheerCall, commit: Commit): Record<string, string> {
  return {
    location: `${call.base}/v1/verenigingen/${commit.vCode}`,
    etag: etag(commit.version),
    'vr-sequence': String(commit.sequence),
  };
}

export function badRequest(call: BeheerCall, detail: string): SandboxResponse {
  return vrProblem(call.request.origin, 400, detail);
}

export function validationProblem(call: BeheerCall, errors: ValidationErrors): SandboxResponse {
  return vrProblem(call.request.origin, 400, errors.first(), { validationErrors: errors.byField });
}

export const NIET_VOOR_DIT_TYPE = 'Deze actie kan niet uitgevoerd worden op dit type vereniging.';

export function onbekendeVereniging(call: BeheerCall, vCode: string, status: 400 | 404): SandboxResponse {
  return vrProblem(call.request.origin, status, `De vereniging met vCode '${vCode}' werd niet gevonden.`);
}

/**
 * Runs a command on an existing vereniging. An unknown vCode is a 400 here (managing), a 404 only
 * when reading (release v7.10). A command without gebeurtenissen changes nothing: 200, same ETag.
 */
export function writeVereniging(call: BeheerCall, vCode: string, command: (current: Vereniging) => CommandResult): SandboxResponse {
  const stream = call.store.get(vCode);
  if (!stream) return onbekendeVereniging(call, vCode, 400);
  const version = stream.historiek.length;
  if (!ifMatchSatisfied(call.request.headers['if-match'], version)) {
    return vrProblem(call.request.origin, 412, `De vereniging heeft niet de verwachte versie: If-Match vraagt ${call.request.headers['if-match']}, de huidige is ${etag(version)}.`, {
      headers: { etag: etag(version) },
    });
  }
  const result = command(structuredClone(stream.vereniging));
  if (isResponse(result)) return result;
  if (result.gebeurtenissen.length === 0) return empty(200, { etag: etag(version), 'vr-sequence': String(call.store.currentSequence()) });
  const commit = call.store.append(vCode, result.next, result.gebeurtenissen);
  return empty(202, writeHeaders(call, commit));
}
