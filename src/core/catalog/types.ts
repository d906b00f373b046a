// What the tool knows about one registry, as loaded from `registries/<id>/registry.yaml`
// (or a workspace's `.registries/<id>/registry.yaml`, which adds or overrides one).
// The YAML shape is described by `registries/registry.schema.json`.

export interface DocLink {
  title: string;
  url: string;
}

export interface RegistryEnvironment {
  /** `sandbox`, `test`, `staging`, `staging-v8.6`, `production`. */
  name: string;
  description?: string;
  /** Base URL requests are sent to; paths in the OpenAPI document are relative to it. */
  baseUrl: string;
  /** OpenAPI source for this environment: a path relative to the registry folder, or a URL. */
  openapi: string;
  /** True for environments the bundled sandbox serves (started on demand). */
  sandbox?: boolean;
  /** CA files (PEM) trusted for this environment only; absolute once loaded (relative to the registry folder in the YAML). */
  caFiles?: string[];
}

/**
 * How a registry authenticates. Secret values are never in the catalog: `secret` names the
 * variable (see `RegistryVariable`) that holds one; other fields are templates (`{{klantenClientId}}`).
 */
export type AuthScheme =
  | { type: 'none' }
  | { type: 'apiKey'; name: string; in: 'header' | 'query' | 'header-or-query'; secret: string }
  | { type: 'zgw-jwt'; clientId: string; secret: string; userId?: string; userRepresentation?: string }
  | { type: 'basic'; username: string; secret: string; subAccounts?: SubAccountCall }
  | { type: 'token'; request: { method: 'POST' | 'GET'; path: string; body?: Record<string, string> }; token: string; expiresIn?: string; headers?: Record<string, string>; secret: string };

/** A call that links a sub-account; `user` and `password` are JSON pointers into its answer. */
export interface SubAccountCall {
  method: 'POST' | 'PUT';
  path: string;
  user: string;
  password: string;
}

/** A variable the registry is used with, in the catalog's one camelCase scheme. */
export interface RegistryVariable {
  name: string;
  /** `baseUrl`: filled from the selected environment; `credential`: a secret; `setting`: a plain value. */
  role: 'baseUrl' | 'credential' | 'setting';
  description?: string;
  /** A credential shorter than this is refused, with the reason. */
  minLength?: number;
  /** Older names that still resolve, with a hint to rename. */
  aliases?: string[];
}

export interface MandatoryHeader {
  name: string;
  /** Template that fills it, e.g. `{{$guid}}`. */
  value: string;
  description?: string;
  /** Which methods need it; all when absent. */
  methods?: string[];
}

/** An operation that costs, for the projection before a send or a run. */
export interface CostCharge {
  /** `METHOD /path/{template}`. */
  operation: string;
  /** The most one call of it costs. */
  amount: number;
  /** What one call is charged for: `a company you do not own`. */
  note?: string;
  /** What a run does with such calls: `downloads`. */
  verb?: string;
  /** `note` for more than one: `companies you do not own`. */
  plural?: string;
}

export interface CostRule {
  model: 'per-call' | 'credits' | 'free-quota' | 'free';
  description: string;
  /** For `free-quota`: calls per period before they are charged. */
  freeCalls?: number;
  period?: 'month' | 'year';
  /** Response header that reports the count or balance, when the registry sends one. */
  header?: string;
  /** What the meter counts (`calls`, `credits`); `calls` when absent. */
  unit?: string;
  /** Operations that cost, with the most one call of them costs (the projection before a send). Absent: every call costs 1 (`per-call`). */
  charges?: CostCharge[];
  /** Response header with what the call really cost (`X-Credits-Charged`). */
  chargedHeader?: string;
  /** Response header with the balance left (credits, free calls). */
  balanceHeader?: string;
  /** Environments where calls cost nothing (KVK's test environment, the sandbox of a per-call API). */
  freeEnvironments?: string[];
}

export interface FieldRename {
  from: string;
  to: string;
  /** Release that made the rename, e.g. `v8.32`. */
  release: string;
  /** Where the field lives, e.g. `vereniging`, `contactgegeven`. */
  in?: string;
}

/** A value of a field renamed in a release: contactgegeventype `Email` → `E-mail`. */
export interface ValueRename {
  /** The field (by its current name) with its context: `contactgegeven.contactgegeventype`. */
  field: string;
  from: string;
  to: string;
  release: string;
}

/** An operation that moved to another path: `PATCH /v1/verenigingen/kbo/{vCode}` → `PATCH /v1/verenigingen/{vCode}/kbo`. */
export interface OperationMove {
  /** `METHOD /path/{template}`. */
  from: string;
  to: string;
  release: string;
}

/** Something a release took away: an operation, a field, or one value of a field. */
export interface Removal {
  /** `METHOD /path/{template}`. */
  operation?: string;
  /** A field with its context, like a rename's `from`: `metadata.beheerBasisUri`. */
  field?: string;
  /** With `field`: only this value of it went (an enum value). */
  value?: string;
  release: string;
  /** What to do instead, in the notes' terms: `send it as the VR-Initiator header`. */
  note?: string;
}

/** What a registry's release notes document, as data (`releases:` in registry.yaml). */
export interface ReleaseKnowledge {
  renames: FieldRename[];
  values?: ValueRename[];
  moved?: OperationMove[];
  removed?: Removal[];
}

/** What a registry's ETags mean (`etag:` in registry.yaml). */
export interface EtagKnowledge {
  /** `historiek-count`: the ETag's number is the count of gebeurtenissen in the subject's historiek. */
  version: 'historiek-count';
}

/** Duplicate detection on registration (`duplicates:` in registry.yaml): where the answer keeps what. */
export interface DuplicatesKnowledge {
  status: number;
  /** The header a resend carries the confirmation token in (and the answer's, when the body has none). */
  tokenHeader: string;
  /** JSON pointer to the token in the answer's body. */
  tokenPointer?: string;
  /** JSON pointer to the list of candidates in the answer's body. */
  candidates: string;
  candidateId?: string;
  candidateName?: string;
}

/**
 * Where a registry's own error body keeps its messages, when it is not (only) RFC 7807
 * (`problems:` in registry.yaml). Pointers are JSON pointers into the error body; `message`,
 * `code` and `name` are member names of each item there.
 */
export interface ProblemShape {
  /** Messages about the request as a whole: a list, or one object, at `pointer` (KVK `/fout`). */
  messages?: { pointer: string; message: string; code?: string };
  /** Messages about one field each: a list of items naming the field, or a map field → messages. */
  fields?: { pointer: string; name?: string; message?: string; code?: string };
}

export interface RegistryEntry {
  id: string;
  name: string;
  description?: string;
  docs: DocLink[];
  defaultEnvironment: string;
  environments: RegistryEnvironment[];
  /** Port of the registry's offline stand-in on the sandbox's default ports. */
  sandboxPort?: number;
  variables: RegistryVariable[];
  auth: AuthScheme;
  mandatoryHeaders: MandatoryHeader[];
  costs?: CostRule;
  /** Its certificates: what to know (`note`), whether its root is private, CA files to trust for it (absolute once loaded). */
  tls?: { note: string; privateRoot?: boolean; caFiles?: string[] };
  releases?: ReleaseKnowledge;
  etag?: EtagKnowledge;
  duplicates?: DuplicatesKnowledge;
  /** The registry's own error body, read beside RFC 7807 (core/problems). */
  problems?: ProblemShape;
  /** Folder the entry was read from (for resolving relative `openapi` paths). */
  folder: string;
  /** `bundled` for the tool's own, `workspace` for `.registries/` entries. */
  origin: 'bundled' | 'workspace';
}
