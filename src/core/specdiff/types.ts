// What a spec diff reports: the changes between two releases of one API description, each with a
// stable id, a severity for the client that was written against the old release, where it sits in
// each document (pointer and line) and every place in the operations that the change reaches.

/** For a client written against the old release. */
export type Severity = 'breaking' | 'warning' | 'info';

/** Which side of the exchange a schema change is about: what the client sends, or what it reads. */
export type Direction = 'request' | 'response';

export type ChangeKind =
  | 'server-changed'
  | 'operation-added'
  | 'operation-removed'
  | 'operation-moved'
  | 'operation-id-changed'
  | 'operation-deprecated'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-renamed'
  | 'parameter-required-changed'
  | 'request-body-added'
  | 'request-body-removed'
  | 'request-body-required-changed'
  | 'media-type-added'
  | 'media-type-removed'
  | 'response-added'
  | 'response-removed'
  | 'response-status-changed'
  | 'response-header-added'
  | 'response-header-removed'
  | 'property-added'
  | 'property-removed'
  | 'property-renamed'
  | 'property-required-changed'
  | 'property-read-only-changed'
  | 'property-deprecated'
  | 'schema-unspecified'
  | 'type-changed'
  | 'format-changed'
  | 'enum-values-added'
  | 'enum-values-removed'
  | 'nullable-changed'
  | 'constraint-changed'
  | 'default-changed'
  | 'variant-added'
  | 'variant-removed'
  | 'security-changed';

/** A place in one of the two documents. */
export interface SourceRef {
  /** File path or URL of the document (the root or a file one of its `$ref`s names). */
  source: string;
  /** JSON pointer of the node, e.g. `/components/schemas/Relatie/properties/type`. */
  pointer: string;
  /** One-based line of that node in the source text, when the text allows finding it. */
  line?: number;
}

/** How one operation is named in the report: by method and path template, as each release writes it. */
export interface OperationRef {
  method: string;
  /** The path template in the old release (or the new one for an added operation). */
  path: string;
  /** The path in the new release when it differs (a moved operation). */
  newPath?: string;
  operationId?: string;
  newOperationId?: string;
}

export type Area = 'operation' | 'parameter' | 'request-body' | 'response' | 'response-header' | 'security';

/** One place in one operation that a change reaches; a change of a shared schema has many. */
export interface Occurrence {
  operation: OperationRef;
  area: Area;
  direction?: Direction;
  parameter?: { in: string; name: string };
  /** Response status (`200`, `4XX`, `default`). */
  status?: string;
  mediaType?: string;
  /** Where in the body or parameter value, in the old release's names: `$.vereniging.relaties[*].type`. */
  path?: string;
  /** The same place in the new release's names, when a rename on the way changed it. */
  newPath?: string;
}

export interface RenameInfo {
  from: string;
  to: string;
  /** 0…1: how sure the diff is that the removed and the added element are the same thing. */
  confidence: number;
  /** What the confidence rests on, e.g. `same description`, `name contains 'type'`. */
  evidence: string[];
}

export interface SpecChange {
  /** Stable across runs on the same pair of documents: kind plus a hash of what and where. */
  id: string;
  kind: ChangeKind;
  severity: Severity;
  direction?: Direction;
  /** One line a person reads, e.g. "response property 'type' renamed to 'verenigingstype'". */
  message: string;
  old?: SourceRef;
  new?: SourceRef;
  rename?: RenameInfo;
  /** Values before and after for type, format, enum, default and constraint changes. */
  before?: unknown;
  after?: unknown;
  occurrences: Occurrence[];
}

export interface DocumentSummary {
  source: string;
  title: string;
  version: string;
  specVersion: string;
  operations: number;
}

export interface SpecDiff {
  old: DocumentSummary;
  new: DocumentSummary;
  /** Breaking first, then warnings, then info; within a severity in document order. */
  changes: SpecChange[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { breaking: 0, warning: 1, info: 2 };
