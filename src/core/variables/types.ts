// What the resolver knows about one value: where it came from decides how it is shown
// (completion, hover) and whether it must be redacted before anything is written down.

import type { Range } from '../http/ast';

export type VariableSource =
  | 'request'
  | 'file'
  | 'secret'
  | 'environment'
  | 'private-environment'
  | 'dotenv'
  | 'process-env'
  | 'dynamic'
  | 'response'
  /** Set by a script: JetBrains `client.global` / `request.variables`, httpYac `exports`. */
  | 'script';

export interface VariableValue {
  value: string;
  source: VariableSource;
  /** Never written to history, reports or logs. */
  secret: boolean;
  /** The file that defined it (env file, `.env`, the request file), when there is one. */
  origin?: string;
}

/** Text with every `{{…}}` replaced, plus the secret values that went into it. */
export interface ResolvedText {
  text: string;
  secrets: string[];
}

/** A `{{…}}` that has no value. Carries the reference's range once the caller knows it. */
export class UnresolvedVariableError extends Error {
  readonly code = 'unresolved-variable';
  constructor(
    readonly expression: string,
    message: string,
    public range?: Range,
  ) {
    super(message);
    this.name = 'UnresolvedVariableError';
  }
}

/** `{{name.response…}}` refers to a request that has not run yet; the runner runs it and retries. */
export class PendingResponseError extends Error {
  constructor(readonly requestName: string) {
    super(`request '${requestName}' has not run yet`);
    this.name = 'PendingResponseError';
  }
}

/** What `{{name.request…}}` / `{{name.response…}}` read from a request that has run. */
export interface NamedExchange {
  request: { headers: [string, string][]; body?: string };
  /** Absent when the request failed before a response arrived. */
  response?: { headers: [string, string][]; body?: string; contentType?: string };
  /** Secret values that went into the request, so values read back from it stay secret. */
  secrets: string[];
}
