// Every failure the tool reports has one of these codes. The adapters map a code to its fixes
// (src/extension/errorActions.ts holds a `Record<ErrorCode, …>`, so a new code does not compile
// until someone decides what the user can do about it), and nothing decides by reading a message.

export const ERROR_CODES = [
  // the transport (a ResponseRecord's `error`)
  'aborted',
  'timeout',
  /** The server's certificate is not trusted (unknown CA, self-signed), or TLS failed otherwise. */
  'tls',
  /** The server's certificate does not name the host the request went to. */
  'tls-hostname',
  /** The server's certificate expired, or is not valid yet. */
  'tls-expired',
  /** The server asked for a client certificate and got none, or rejected the one it got. */
  'client-certificate',
  /** A CA, client certificate or key file (or its passphrase) that cannot be used. */
  'certificate-file',
  'connect',
  'dns',
  'protocol',
  'proxy',
  /** A cross-origin 307/308 that would re-send the body was not followed. */
  'redirect-refused',
  /** A body over the size limit (memory and the spill file). */
  'too-large',
  /** A compressed body that expands beyond the allowed ratio. */
  'decompression-bomb',
  /** The folder big bodies are written to is not usable. */
  'body-folder',
  // a request that could not be prepared
  'unresolved-variable',
  'invalid-url',
  'invalid-timeout',
  /** `...name` (httpYac) names a variable that is not an object of headers. */
  'header-spread',
  'body-file',
  'dependency-cycle',
  'dependency-failed',
  /** A named request a later one needs would be written again (POST/PUT/PATCH/DELETE). */
  'unsafe-dependency',
  /** A pre-request script failed (syntax, runtime error, time or memory limit): the request is not sent. */
  'script-error',
  // environments, secrets, workspace trust
  'missing-secret',
  /** A credential a registry's rules refuse (AllSolutions: under 16 characters). */
  'weak-credential',
  'unknown-environment',
  'untrusted',
  // the registry policies
  /** The registry's auth could not be applied (no secret, the token call failed). */
  'auth',
  /** The next call would pass the run's budget (`--budget`). */
  'budget',
  /** The user declined a confirmation (costs, a stored ETag, a dependency). */
  'declined',
  /** An offer (refresh after 412, confirm duplicates, follow Location) that is gone or spent. */
  'offer',
  // the sandbox
  'sandbox-start',
  'sandbox-not-running',
  // the editor
  /** The request file changed under a command that pointed into it. */
  'stale',
  /** Only a redacted copy of the request is left (history), and its source file is gone. */
  'redacted',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** A failure with its code and, when there is one, what to do about it. */
export class RegxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RegxError';
  }

  /**
   * True for a RegxError (of `code`, when given). Recognised by shape as well as by class: the
   * CLI and the extension are several bundles, each with its own copy of this class.
   */
  static is(value: unknown, code?: ErrorCode): value is RegxError {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as { name?: unknown; code?: unknown };
    const ours = value instanceof RegxError || (candidate.name === 'RegxError' && isErrorCode(candidate.code));
    return ours && (code === undefined || candidate.code === code);
  }
}
