// The credential names each registry's `auth` declares, as redaction rules: the API key's
// header and/or query parameter, and for a token login the headers and body fields whose
// templates hold one of the registry's credential variables (AllSolutions' X-Client-Secret and
// `password`), the token field of its answer, and a sub-account call's password field. HTTP's
// own (Authorization, cookies) are the Redactor's protocol defaults, so Basic and ZGW JWT add
// no header here.

import type { RedactionRules } from '../history/redactor';
import type { RegistryEntry } from './types';
import { credentialVariables } from './catalogVariables';

/** The last segment of a JSON pointer (`/data/access_token` → `access_token`). */
function field(pointer: string): string {
  return pointer.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function credentialNames(entries: readonly Pick<RegistryEntry, 'auth' | 'variables'>[]): Required<{ [K in keyof RedactionRules]: string[] }> {
  const headers = new Set<string>();
  const parameters = new Set<string>();
  const fields = new Set<string>();
  const secret = credentialVariables(entries);
  const holdsSecret = (template: string) => [...template.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].some((m) => secret.has(m[1]!));
  for (const { auth } of entries) {
    switch (auth.type) {
      case 'apiKey':
        if (auth.in !== 'query') headers.add(auth.name.toLowerCase());
        if (auth.in !== 'header') parameters.add(auth.name.toLowerCase());
        break;
      case 'token':
        for (const [name, template] of Object.entries(auth.headers ?? {})) if (holdsSecret(template)) headers.add(name.toLowerCase());
        for (const [name, template] of Object.entries(auth.request.body ?? {})) if (holdsSecret(template)) fields.add(name.toLowerCase());
        fields.add(field(auth.token).toLowerCase());
        break;
      case 'basic':
        if (auth.subAccounts) fields.add(field(auth.subAccounts.password).toLowerCase());
        break;
      case 'none':
      case 'zgw-jwt':
        break;
    }
  }
  return { headers: [...headers], parameters: [...parameters], fields: [...fields] };
}
