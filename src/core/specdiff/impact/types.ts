// What the impact map reports: each place in the workspace's request files, flows and test-set
// baselines that uses an element a change touches, with the range to underline and, where the
// change says how, the edit that follows it (a rename, a moved path).

import type { Range } from '../../http/ast';
import type { TextEdit } from '../../language/types';
import type { Severity } from '../types';

export type ImpactSource = 'http' | 'flow' | 'baseline';

/** What in the file uses the changed element. */
export type ImpactElement =
  | 'path'
  | 'query'
  | 'header'
  | 'body'
  | 'response-reference'
  | 'assertion'
  | 'status'
  | 'operation-id'
  | 'operation-path'
  | 'parameter'
  | 'payload'
  | 'criterion'
  | 'output'
  | 'baseline'
  /** A flow's source description naming the old release's document. */
  | 'source';

export interface FileFix {
  title: string;
  /** Edits in `Impact.file`, zero-based ranges as the parser gives them. */
  edits: TextEdit[];
}

export interface Impact {
  changeId: string;
  /** For this use: a rename the file already follows is no impact; an operationId a flow names is breaking. */
  severity: Severity;
  source: ImpactSource;
  element: ImpactElement;
  file: string;
  range: Range;
  message: string;
  /** The request (`@name`, title, or `request 3`) or the flow step (`workflowId/stepId`). */
  where?: string;
  fix?: FileFix;
}

export interface ImpactMap {
  /** Every file that was read. */
  files: string[];
  impacts: Impact[];
  /** Requests or steps the map could not tie to an operation of the old release (e.g. a URL held whole in a variable). */
  unmatched: { file: string; range: Range; reason: string }[];
}
