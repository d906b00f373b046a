/** Wrong words on the command line: `main` prints the message and the usage, exit code 2. */
export class UsageError extends Error {}
