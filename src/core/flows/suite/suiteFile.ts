// A test set: a YAML file that lists flows and .http request files to run together, with what the
// set is for. `regx test` runs it and compares each request with a recorded baseline.
//
//   name: AllSolutions — testset voor de upgrade
//   purpose: What the koppeling does and why these calls test it.
//   items:
//     - flow: ../flows/upgrade-testset.arazzo.yaml   # relative to this file
//       workflow: upgradeTestset                      # default: every workflow of the file
//       inputs: { zoek: bakker }
//     - http: ./extra.http
//       requests: [token, relaties]                   # default: every request of the file

import { dirname, resolve } from 'node:path';
import { parseArazzo } from '../parseArazzo';
import { pointerOf, type FlowDiagnostic } from '../flowDiagnostic';

export type SuiteItem =
  | { kind: 'flow'; file: string; workflow?: string; inputs: Record<string, unknown>; description?: string }
  | { kind: 'http'; file: string; requests?: string[]; description?: string };

export interface Suite {
  file: string;
  name: string;
  purpose?: string;
  items: SuiteItem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseSuite(text: string, file: string): { suite?: Suite; diagnostics: FlowDiagnostic[] } {
  const parsed = parseArazzo(text);
  const diagnostics = [...parsed.diagnostics];
  const error = (path: (string | number)[], message: string) => diagnostics.push({ severity: 'error', code: 'suite/schema', message, pointer: pointerOf(path), range: parsed.locate(path) });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const value = parsed.value;
  if (!isRecord(value)) {
    error([], 'a test set is a mapping with name, purpose and items');
    return { diagnostics };
  }
  for (const key of Object.keys(value)) if (!['name', 'purpose', 'items'].includes(key) && !key.startsWith('x-')) error([key], `unknown field '${key}' (name, purpose, items)`);
  if (typeof value.name !== 'string' || !value.name) error(['name'], "missing 'name': what this test set is called");
  if (value.purpose !== undefined && typeof value.purpose !== 'string') error(['purpose'], 'purpose is text');
  if (!Array.isArray(value.items) || value.items.length === 0) {
    error(['items'], "missing 'items': the flows (flow: FILE) and request files (http: FILE) to run");
    return { diagnostics };
  }
  const base = dirname(file);
  const items: SuiteItem[] = [];
  value.items.forEach((raw, i) => {
    if (!isRecord(raw)) return error(['items', i], 'an item is a mapping: flow: FILE or http: FILE');
    const description = typeof raw.description === 'string' ? raw.description : undefined;
    if (typeof raw.flow === 'string') {
      for (const key of Object.keys(raw)) if (!['flow', 'workflow', 'inputs', 'description'].includes(key)) error(['items', i, key], `unknown field '${key}' in a flow item (flow, workflow, inputs, description)`);
      if (raw.workflow !== undefined && typeof raw.workflow !== 'string') error(['items', i, 'workflow'], 'workflow is a workflowId');
      if (raw.inputs !== undefined && !isRecord(raw.inputs)) error(['items', i, 'inputs'], 'inputs is a mapping of input names to values');
      items.push({ kind: 'flow', file: resolve(base, raw.flow), workflow: raw.workflow as string | undefined, inputs: (raw.inputs as Record<string, unknown>) ?? {}, description });
    } else if (typeof raw.http === 'string') {
      for (const key of Object.keys(raw)) if (!['http', 'requests', 'description'].includes(key)) error(['items', i, key], `unknown field '${key}' in a request-file item (http, requests, description)`);
      if (raw.requests !== undefined && !(Array.isArray(raw.requests) && raw.requests.every((r) => typeof r === 'string'))) error(['items', i, 'requests'], 'requests is a list of request names');
      items.push({ kind: 'http', file: resolve(base, raw.http), requests: raw.requests as string[] | undefined, description });
    } else error(['items', i], 'an item names a flow (flow: FILE) or a request file (http: FILE)');
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { suite: { file, name: value.name as string, purpose: value.purpose as string | undefined, items }, diagnostics };
}
