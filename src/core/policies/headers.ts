// Mandatory headers (registry.yaml `mandatoryHeaders`): a header the registry requires on every
// call (or on the methods listed) is added when the request lacks it, filled from its template —
// a fresh `{{$guid}}` per send for a correlation id, a setting for the initiator. A header the
// user wrote is never touched. When a template's setting is missing, the request goes out
// without that header and the user is told which setting fills it.

import type { Policy } from './types';
import { fill, hasHeader } from './authValues';

export const HEADERS_POLICY = 'headers';

export const headersPolicy: Policy = {
  name: HEADERS_POLICY,
  appliesTo: (registry) => Boolean(registry?.mandatoryHeaders.length),
  async before(request, context) {
    const registry = context.registry;
    if (!registry) return request;
    let next = request;
    for (const header of registry.mandatoryHeaders) {
      if (header.methods && !header.methods.some((m) => m.toUpperCase() === request.method.toUpperCase())) continue;
      if (hasHeader(next, header.name)) continue;
      const filled = await fill(header.value, context);
      if (filled.missing.length) {
        context.ports.notice(
          `${registry.name}: ${header.name} not added: ${filled.missing.join(', ')} is not set; define it in the environment (http-client.env.json) or the settings${header.description ? ` (${header.description})` : ''}.`,
        );
        continue;
      }
      const from = /\{\{\s*\$(guid|uuid)\s*\}\}/.test(header.value) ? 'a new GUID for this send' : `setting ${/\{\{\s*([^{}\s]+)\s*\}\}/.exec(header.value)?.[1] ?? header.value}`;
      next = {
        ...next,
        headers: [...next.headers, [header.name, filled.value]],
        secrets: filled.secrets.length ? [...next.secrets, ...filled.secrets] : next.secrets,
        added: [...(next.added ?? []), { header: header.name, by: HEADERS_POLICY, from }],
      };
    }
    return next;
  },
};
