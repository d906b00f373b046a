// What the runner shows a request's scripts (src/core/scripts): the request as written, and
// resolution through the same variable scope the request itself will use, with what scripts
// have set so far as its script layer.

import type { HttpFile, RequestBlock } from '../http/ast';
import type { ScriptRequestView } from '../scripts/types';
import type { NamedExchange, VariableValue } from '../variables/types';
import { VariableScope } from '../variables/variableScope';
import { requestNamesOf, type PrepareContext } from './prepareRequest';

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export interface ScriptViewContext {
  file: HttpFile;
  filePath: string;
  scope: PrepareContext['scope'];
  exchanges: ReadonlyMap<string, NamedExchange>;
  /** Secret values that went into a substitution, so a script's log of them is redacted. */
  usedSecret(value: string): void;
}

export function requestView(block: RequestBlock, context: ScriptViewContext): ScriptRequestView {
  const requestNames = requestNamesOf(context.file);
  const scopeWith = (scripted: ReadonlyMap<string, VariableValue>) =>
    new VariableScope({ ...context.scope, scriptVariables: scripted, file: context.filePath, fileVariables: context.file.variables, requestVariables: block.variables, exchanges: context.exchanges, requestNames });
  return {
    block,
    method: block.requestLine!.method,
    urlRaw: block.requestLine!.url,
    headersRaw: block.headers.map((h): [string, string] => [h.name, h.value]),
    bodyRaw: block.body?.text,
    substitute(text, scripted) {
      const scope = scopeWith(scripted);
      return text.replace(REFERENCE, (whole, expression: string) => {
        try {
          const resolved = scope.evaluate(expression);
          for (const secret of resolved.secrets) context.usedSecret(secret);
          return resolved.text;
        } catch {
          // tryGetSubstituted: what does not resolve (yet) stays as written.
          return whole;
        }
      });
    },
    lookup(name, scripted) {
      try {
        const resolved = scopeWith(scripted).evaluate(name);
        for (const secret of resolved.secrets) context.usedSecret(secret);
        return resolved.text;
      } catch {
        return undefined;
      }
    },
    variableNames() {
      const names = new Set(scopeWith(new Map()).all().map((v) => v.name));
      for (const name of context.scope.environment?.keys() ?? []) names.add(name);
      return [...names];
    },
  };
}
