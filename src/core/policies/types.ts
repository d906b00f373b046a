// The registry policies on the send path (issue 15 §2): auth, mandatory headers, the ETag store,
// 412 / 409 / 202 handling, costs and TLS. The send session picks the policies of the request's
// registry and runs them around each send; the adapters answer the policies' questions (offers)
// through their ports — the CLI from its flags, the editor with a notification or the panel.

import type { RegistryEntry } from '../catalog/types';
import type { PreparedRequest, ResponseRecord } from '../send/types';

/** A question a policy puts to the user before it does something the user did not write. */
export type Offer =
  /** 412: the resource changed; resend with its current ETag. `changes` lists what happened in between. */
  | { kind: 'resend-with-etag'; url: string; etag: string; changes: string[] }
  /** 409 with duplicate candidates: resend the same request with the confirmation token. */
  | { kind: 'confirm-duplicates'; url: string; candidates: DuplicateCandidate[] }
  /** etagMode `ask`: a write without If-Match to a resource whose ETag the store knows; accepted, it goes with that ETag. */
  | { kind: 'use-stored-etag'; method: string; url: string; etag: string; seen: string }
  /** 202 with Location: follow it (GET, polling while the server says Retry-After). */
  | { kind: 'follow-location'; location: string }
  /** A named request a later one depends on would be sent again with a write method. */
  | { kind: 'resend-write-dependency'; name: string; method: string; url: string }
  /** The run is projected to spend more than the environment's confirm threshold or budget. */
  | { kind: 'spend'; registry: string; environment: string; projected: number; unit: string; limit: number }
  /**
   * Before a run's first send: what the whole run may cost (`lines`, one per registry and
   * environment), over the confirm threshold of at least one of them. Asked once per run.
   */
  | { kind: 'spend-run'; lines: string[]; spends: { registry: string; environment: string; amount: number; unit: string; limit?: number }[] };

export interface DuplicateCandidate {
  id?: string;
  name?: string;
  /** Anything else the registry says about the candidate, for showing. */
  details?: Record<string, unknown>;
}

export interface PolicyPorts {
  /** Resolves true when the user (or a CLI flag) accepts the offer. */
  decide(offer: Offer, signal: AbortSignal): Promise<boolean>;
  /** One line for the user (output channel / stderr), already free of secrets. */
  notice(message: string): void;
}

/** What a policy can reach: the request's registry and environment, secrets, settings, persisted state. */
export interface PolicyContext {
  registry: RegistryEntry | undefined;
  environment: string | undefined;
  /** A secret by the catalog's variable name (SecretStorage in the editor, REGX_SECRET_* in the CLI). */
  secret(name: string): Promise<string | undefined>;
  /** A plain variable or setting by name (environment file value, extension setting, CLI flag). */
  variable(name: string): string | undefined;
  /** Sends a follow-up request (refresh GET, 202 polling, token fetch) over the session's pool, without policies. */
  send(request: PreparedRequest, signal: AbortSignal): Promise<ResponseRecord>;
  ports: PolicyPorts;
  /** Folder for persisted policy state (ETag store, cost meter): the user state dir, never the workspace. */
  stateDir: string;
  /**
   * What the user already agreed this run may spend at a registry and environment (the run's
   * projected cost, confirmed before its first send); the costs policy does not ask again up to it.
   */
  approvedSpend?(registry: string, environment: string): number;
  /**
   * The run this send belongs to (one per `regx run`, Send All, flow run): what a policy counts
   * "per run" (the costs policy's spending against the budget) starts again with a new one.
   */
  runId?: string;
}

export interface Policy {
  /** Stable name, shown where the tool says what it did (`added by auth`, `If-Match from etag-store`). */
  name: string;
  /** Whether the policy applies to requests of this registry (undefined = a request of no known registry). */
  appliesTo(registry: RegistryEntry | undefined): boolean;
  /** Rewrites the request before it goes out (headers added, auth minted, If-Match filled). */
  before?(request: PreparedRequest, context: PolicyContext, signal: AbortSignal): Promise<PreparedRequest> | PreparedRequest;
  /**
   * Sees the record after the send. Returning a record replaces it (a resend after a 412 or 409,
   * the resource a 202 pointed at); the session keeps the first record in history as well.
   */
  after?(record: ResponseRecord, request: PreparedRequest, context: PolicyContext, signal: AbortSignal): Promise<ResponseRecord | void> | ResponseRecord | void;
}
