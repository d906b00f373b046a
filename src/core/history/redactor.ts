// Removes what must never be written down: every secret value that went into a request
// (wherever it ended up: URL, header, body, response), the values of credential headers, and
// credential query parameters and JSON fields by name.

import type { ResponseRecord } from '../send/types';

export const REDACTED = '[redacted]';

export const DEFAULT_SENSITIVE_HEADERS = ['authorization', 'proxy-authorization', 'apikey', 'api-key', 'x-api-key', 'vr-api-key', 'cookie', 'set-cookie', 'x-auth-token', 'ocp-apim-subscription-key', 'x-client-secret'];
export const DEFAULT_SENSITIVE_PARAMETERS = ['apikey', 'api_key', 'api-key', 'vr-api-key', 'access_token', 'token', 'client_secret', 'password', 'code'];
export const DEFAULT_SENSITIVE_FIELDS = ['password', 'wachtwoord', 'client_secret', 'access_token', 'refresh_token', 'id_token', 'apikey', 'api_key', 'token', 'secret'];

export interface RedactionRules {
  headers?: string[];
  parameters?: string[];
  fields?: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly headers: Set<string>;
  private readonly parameters: Set<string>;
  private readonly secretPattern: RegExp | undefined;
  private readonly fieldPattern: RegExp | undefined;

  constructor(secrets: readonly string[], rules: RedactionRules = {}) {
    this.headers = new Set((rules.headers ?? DEFAULT_SENSITIVE_HEADERS).map((h) => h.toLowerCase()));
    this.parameters = new Set((rules.parameters ?? DEFAULT_SENSITIVE_PARAMETERS).map((p) => p.toLowerCase()));
    // Each secret also in the spellings it takes on the wire (URL- and form-encoded, base64 for Basic auth).
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (!secret || secret.length < 3) continue;
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
      forms.add(JSON.stringify(secret).slice(1, -1));
    }
    const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.secretPattern = sorted.length ? new RegExp(sorted.join('|'), 'g') : undefined;
    const fields = rules.fields ?? DEFAULT_SENSITIVE_FIELDS;
    this.fieldPattern = fields.length ? new RegExp(`("(?:${fields.map(escapeRegExp).join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi') : undefined;
  }

  /** Secret values and credential JSON fields out of any text. */
  text(value: string): string {
    let result = this.secretPattern ? value.replace(this.secretPattern, REDACTED) : value;
    if (this.fieldPattern) result = result.replace(this.fieldPattern, `$1"${REDACTED}"`);
    return result;
  }

  url(value: string): string {
    const text = this.text(value);
    const query = text.indexOf('?');
    if (query < 0) return text;
    const [search, hash = ''] = text.slice(query + 1).split(/#(.*)/s);
    const parts = search!.split('&').map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep as written
      }
      return eq >= 0 && this.parameters.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : part;
    });
    return `${text.slice(0, query)}?${parts.join('&')}${hash ? `#${hash}` : ''}`;
  }

  headerList(headers: [string, string][]): [string, string][] {
    return headers.map(([name, value]) => [name, this.headers.has(name.toLowerCase()) ? REDACTED : this.text(value)]);
  }

  /** A copy of the record that is safe to write: no secrets, no body bytes. */
  record(record: ResponseRecord): ResponseRecord {
    const { bytes: _bytes, ...body } = record.response?.body ?? { bytes: undefined };
    void _bytes;
    return {
      ...record,
      request: {
        ...record.request,
        url: this.url(record.request.url),
        headers: this.headerList(record.request.headers),
        bodyPreview: record.request.bodyPreview === undefined ? undefined : this.text(record.request.bodyPreview),
      },
      response: record.response && {
        ...record.response,
        headers: this.headerList(record.response.headers),
        body: { ...(body as NonNullable<ResponseRecord['response']>['body']), preview: this.text(record.response.body.preview) },
      },
      redirects: record.redirects.map((r) => ({ ...r, url: this.url(r.url) })),
      error: record.error && { ...record.error, message: this.text(record.error.message), hint: record.error.hint && this.text(record.error.hint) },
      // Schema messages can quote the offending value (an enum miss, a pattern) or the request
      // (`no operation for GET …`), either of which may hold a secret.
      validation: record.validation && {
        ...record.validation,
        against: record.validation.against && this.text(record.validation.against),
        errors: record.validation.errors.map((e) => ({ ...e, path: this.text(e.path), message: this.text(e.message) })),
      },
    };
  }
}
