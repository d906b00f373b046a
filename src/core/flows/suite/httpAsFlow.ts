// A .http file (or some of its requests) as a flow: one step per request, the file as the only
// source, so a test set's request files run through the same engine, sender and reports as its
// flows. Requests without a name are addressed by position (`#3`).

import { basename } from 'node:path';
import type { HttpFile } from '../../http/ast';

export function httpFlowDocument(httpFile: string, file: HttpFile, names?: string[]): { text: string; missing: string[] } {
  const known = new Set(file.requests.flatMap((r) => (r.name ? [r.name] : [])));
  const missing = (names ?? []).filter((n) => !known.has(n));
  const chosen = names ? file.requests.filter((r) => r.name && names.includes(r.name)) : file.requests.filter((r) => r.requestLine);
  const used = new Set<string>();
  const steps = chosen.map((request) => {
    let stepId = (request.name ?? `request${request.index + 1}`).replace(/[^A-Za-z0-9_-]/g, '_') || `request${request.index + 1}`;
    while (used.has(stepId)) stepId += '_';
    used.add(stepId);
    const step: Record<string, unknown> = { stepId, operationId: `$sourceDescriptions.requests.${request.name ?? `#${request.index + 1}`}` };
    if (request.title) step.description = request.title;
    return step;
  });
  const document = {
    arazzo: '1.0.1',
    info: { title: basename(httpFile), version: '1' },
    sourceDescriptions: [{ name: 'requests', url: `./${basename(httpFile)}` }],
    workflows: [{ workflowId: 'requests', summary: `The requests of ${basename(httpFile)}`, steps }],
  };
  return { text: JSON.stringify(document, null, 2), missing };
}
