// Errors are handled once, here at the edge (STYLE.md §10): the full detail goes to the
// "Register Explorer" output channel, the user gets one short message with an action that names
// the fix. Core throws typed errors with a `code` (and often a `hint`); this maps codes to fixes.
import * as vscode from 'vscode';
import type { ActionId } from '../../webview/response/protocol';
import { ACTION_COMMANDS, actionsFor } from './errorActions';
import { isErrorCode } from '../core/errors';

export interface Fix {
  title: string;
  run: () => unknown;
}

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Register Explorer', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string, error?: unknown): void {
    this.channel.error(error === undefined ? message : `${message}: ${describe(error, true)}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Code and hint of a typed error from core, when it carries them. */
export function errorFacts(error: unknown): { code?: string; hint?: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof error !== 'object' || error === null) return { message };
  const record = error as { code?: unknown; hint?: unknown };
  return {
    message,
    code: isErrorCode(record.code) ? record.code : undefined,
    hint: typeof record.hint === 'string' ? record.hint : undefined,
  };
}

export function describe(error: unknown, withStack = false): string {
  if (error instanceof Error) return withStack && error.stack ? error.stack : error.message;
  return String(error);
}

/** The fixes for an error code as runnable actions (the table is shared with the response panel). */
export function fixesFor(log: Log, code: string | undefined): Fix[] {
  return actionsFor(code).map((action) => ({ title: action.title, run: () => runAction(log, action.id) }));
}

/** Performs one fix: its command, or showing the log for `showOutput`. */
export function runAction(log: Log, action: ActionId): Thenable<unknown> | void {
  if (action === 'showOutput') return log.channel.show(true);
  const [command, ...args] = ACTION_COMMANDS[action];
  return vscode.commands.executeCommand(command, ...args);
}

/**
 * Reports an error once: detail to the log, a short message with fixes to the user.
 * Cancellation is not an error and is not reported.
 */
export async function reportError(log: Log, what: string, error: unknown): Promise<void> {
  if (isCancellation(error)) return;
  const facts = errorFacts(error);
  log.error(what, error);
  const fixes = fixesFor(log, facts.code);
  const text = `${what}: ${facts.message}${facts.hint ? ` — ${facts.hint}` : ''}`;
  const details = 'Show Log';
  const choice = await vscode.window.showErrorMessage(text, ...fixes.map((fix) => fix.title), details);
  if (choice === details) log.channel.show(true);
  else fixes.find((fix) => fix.title === choice)?.run();
}

export function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'aborted'));
}
