// What the editor features exchange with their callers (the extension's providers, `regx
// complete` / `regx check`, the tests). Plain data, so the same results serve VS Code, the CLI
// and JSON output without conversion beyond the position base.

import type { Diagnostic, HttpFile, Range, RequestBlock } from '../http/ast';
import type { RegistryEntry, RegistryEnvironment } from '../catalog/types';
import type { OpenApiIndex } from '../openapi/types';

export type CompletionKind = 'method' | 'path' | 'parameter' | 'header' | 'value' | 'property' | 'variable' | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Snippet syntax (`${1:vCode}`) allowed; the editor treats every insertText as a snippet. */
  insertText: string;
  /** What the item replaces; the word at the cursor when absent. */
  range?: Range;
  sortText?: string;
  /** Text the editor filters against when it differs from the label (e.g. a quoted key). */
  filterText?: string;
  deprecated?: boolean;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A code action as data: the extension turns it into a WorkspaceEdit, tests compare it. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface HoverInfo {
  range: Range;
  /** Markdown. */
  contents: string;
}

/** One variable the cursor can see, as the variable view reports it. */
export interface VisibleVariable {
  name: string;
  /** Undefined when the variable is declared but has no value yet (e.g. a secret not set). */
  value?: string;
  /** `file`, `request`, `environment:sandbox`, `.env`, `secret`, … */
  source: string;
  secret?: boolean;
  /** An old name of the catalog's: it still resolves, to the variable named here. */
  deprecated?: string;
}

/** The registry, environment and API description one request is checked against. */
export interface SpecContext {
  registry?: RegistryEntry;
  environment?: RegistryEnvironment;
  /** The base URL paths are relative to; the environment's when absent. */
  baseUrl?: string;
  index?: OpenApiIndex;
  /** Set when the description could not be loaded: reported once, never thrown. */
  indexError?: string;
  /**
   * The description is named by the request file itself (`# @openapi`): one that cannot load is
   * an error there, not a warning (the file asks for a check that cannot happen).
   */
  descriptionNamedByFile?: boolean;
}

export interface LanguageContext extends SpecContext {
  /** Every variable visible in the document (file, environment, `.env`, secrets). */
  variables?: readonly VisibleVariable[];
  /** The catalog's registries, for `# @registry` and `# @env` completion. */
  registries?: readonly { id: string; name: string; environments: readonly string[] }[];
  /** Per-request override, for files that mix registries with `# @registry` per block. */
  specFor?: (request: RequestBlock) => SpecContext | undefined;
}

/** A request file as the features read it: the text and its one parsed tree. */
export interface LanguageDocument {
  text: string;
  file: HttpFile;
}

export type { Diagnostic };
