// What the editor's completion and hover show: every variable visible at a position, where it
// comes from and its current value, with secrets masked.

import type { HttpFile, Position } from '../http/ast';
import { DYNAMIC_VARIABLES } from './dynamicVariables';
import { VariableScope, type VariableScopeInput } from './variableScope';
import type { VariableSource } from './types';

export interface VisibleVariable {
  name: string;
  source: VariableSource;
  /** The resolved value; `••••••` for secrets; the raw text when it cannot be resolved now. */
  value: string;
  secret: boolean;
  origin?: string;
  description?: string;
}

export const MASK = '••••••';

function contains(range: { start: Position; end: Position }, at: Position): boolean {
  const after = at.line > range.start.line || (at.line === range.start.line && at.character >= range.start.character);
  const before = at.line < range.end.line || (at.line === range.end.line && at.character <= range.end.character);
  return after && before;
}

export function listVisibleVariables(file: HttpFile, position: Position, input: Omit<VariableScopeInput, 'requestVariables' | 'fileVariables'>): VisibleVariable[] {
  const block = file.requests.find((r) => contains(r.range, position));
  const scope = new VariableScope({
    ...input,
    fileVariables: file.variables,
    requestVariables: block?.variables.filter((v) => v.range.start.line < position.line) ?? [],
  });
  const result: VisibleVariable[] = scope.all().map((v) => {
    let value = v.value;
    let secret = v.secret;
    try {
      const resolved = scope.evaluate(v.name);
      value = resolved.text;
      secret = secret || resolved.secrets.length > 0;
    } catch {
      // Shown unresolved: completion should still offer the name.
    }
    return { name: v.name, source: v.source, value: secret ? MASK : value, secret, origin: v.origin };
  });
  for (const request of file.requests) {
    if (request.name && (!block || request.index < block.index)) {
      result.push({ name: `${request.name}.response.body.$`, source: 'response', value: '', secret: false, description: `Body of the response to '${request.name}' (JSONPath after $)` });
      result.push({ name: `${request.name}.response.headers`, source: 'response', value: '', secret: false, description: `A header of the response to '${request.name}'` });
    }
  }
  for (const d of DYNAMIC_VARIABLES) result.push({ name: d.name, source: 'dynamic', value: '', secret: false, description: `${d.usage} — ${d.description}` });
  return result;
}
