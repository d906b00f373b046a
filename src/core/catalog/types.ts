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
}

/** How a registry authenticates. Secret values are never in the catalog: `secret` names them. */
export type AuthScheme =
  | { type: 'none' }
  | { type: 'apiKey'; name: string; in: 'header' | 'query' | 'header-or-query'; secret: string }
  | { type: 'zgw-jwt'; clientId: string; secret: string }
  | { type: 'basic'; username: string; secret: string }
  | { type: 'credentials'; fields: string[]; secret: string; minPasswordLength?: number };

export interface MandatoryHeader {
  name: string;
  /** Template that fills it, e.g. `{{$guid}}`. */
  value: string;
  description?: string;
  /** Which methods need it; all when absent. */
  methods?: string[];
}

export interface CostRule {
  model: 'per-call' | 'credits' | 'free-quota' | 'free';
  description: string;
  /** For `free-quota`: calls per period before they are charged. */
  freeCalls?: number;
  period?: 'month' | 'year';
  /** Response header that reports the count or balance, when the registry sends one. */
  header?: string;
}

export interface FieldRename {
  from: string;
  to: string;
  /** Release that made the rename, e.g. `v8.32`. */
  release: string;
  /** Where the field lives, e.g. `vereniging`, `contactgegeven`. */
  in?: string;
}

export interface RegistryEntry {
  id: string;
  name: string;
  description?: string;
  docs: DocLink[];
  defaultEnvironment: string;
  environments: RegistryEnvironment[];
  auth: AuthScheme;
  mandatoryHeaders: MandatoryHeader[];
  costs?: CostRule;
  tls?: { note: string; privateRoot?: boolean };
  releases?: { renames: FieldRename[] };
  /** Folder the entry was read from (for resolving relative `openapi` paths). */
  folder: string;
  /** `bundled` for the tool's own, `workspace` for `.registries/` entries. */
  origin: 'bundled' | 'workspace';
}
