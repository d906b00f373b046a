// What a run produces, for the CLI's reporters, the editor and history.

import type { Range } from '../http/ast';
import type { ResponseRecord } from '../send/types';
import type { AssertionResult } from './assertions';
import type { ErrorCode } from '../errors';

export interface RequestResult {
  index: number;
  name?: string;
  title?: string;
  /** Zero-based line of the request line. */
  line: number;
  method: string;
  /** Resolved URL (redact before showing), or the URL as written when resolution failed. */
  url: string;
  outcome: 'passed' | 'failed';
  /** Why it failed: the transport error, the first failed assertion, the 5xx, the unresolved variable. */
  reason?: string;
  /** Ran first because a later request referred to its response. */
  asDependency: boolean;
  record?: ResponseRecord;
  /** Set when the request could not be prepared (unresolved variable, missing body file). */
  prepareError?: { code: ErrorCode; message: string; range?: Range; expression?: string };
  assertions: AssertionResult[];
  /** Script blocks (pre-request, handlers) that were not run. */
  skippedScripts: number;
  /** What its scripts logged (`client.log`, `console.log`); redact before showing. */
  scriptLogs?: string[];
}

export interface RunResult {
  file: string;
  environment?: string;
  results: RequestResult[];
  passed: boolean;
  /** Every secret value involved, for the reporters' redaction. */
  secrets: string[];
  durationMs: number;
  notices: string[];
}

export type RunEvent =
  /** `url` is redacted: events are for showing progress. */
  | { type: 'start'; index: number; name?: string; method: string; url: string; asDependency: boolean }
  | { type: 'end'; result: RequestResult }
  | { type: 'notice'; message: string };
