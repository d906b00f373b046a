/** Wrong words on the command line: `main` prints the message and the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * By name, not `instanceof`: each command is built as its own bundle (dist/commands/), with its
 * own copy of this class, so the one `main` sees is not the one a command threw.
 */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}
