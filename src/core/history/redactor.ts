// Removes what must never be written down: every secret value that went into a request,
// wherever it ended up (URL, request and response heads and bodies, errors, validation
// messages) and in every spelling it takes on the way (URL-encoded, JSON-escaped, base64); the
// values of credential headers, query parameters and JSON fields by name. The names come from
// the protocols themselves plus what the caller passes: the registries' `auth`
// (`credentialNames` in core/catalog) and the user's own (`--redact`, `history.redact`).

import type { ResponseRecord } from '../send/types';
import { secretSpellings } from './secretSpellings';

export const REDACTED = '[redacted]';

export interface RedactionRules {
  headers?: readonly string[];
  parameters?: readonly string[];
  fields?: readonly string[];
}

/**
 * Names whose values are credentials by the HTTP and OAuth specifications, for every registry:
 * RFC 9110 Authorization / Proxy-Authorization, RFC 6265 cookies, RFC 6749/6750 token and
 * password grant names. Registry-specific names are not guessed here; they come from the catalog.
 */
export const PROTOCOL_CREDENTIALS: Required<{ [K in keyof RedactionRules]: readonly string[] }> = {
  headers: ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'],
  parameters: ['access_token', 'client_secret', 'password'],
  fields: ['access_token', 'refresh_token', 'id_token', 'client_secret', 'password'],
};

/** One rule set out of several (lower-cased, each name once). */
export function combineRules(...sets: (RedactionRules | undefined)[]): Required<{ [K in keyof RedactionRules]: string[] }> {
  const pick = (key: keyof RedactionRules) => [...new Set(sets.flatMap((set) => set?.[key] ?? []).map((name) => name.toLowerCase()))];
  return { headers: pick('headers'), parameters: pick('parameters'), fields: pick('fields') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Secrets shorter than this are redacted by name only: replacing `ab` everywhere would destroy the record. */
export const MIN_SECRET_LENGTH = 3;

export class Redactor {
  private readonly headers: Set<string>;
  private readonly parameters: Set<string>;
  private readonly secretPattern: RegExp | undefined;
  private readonly plainSecrets: RegExp | undefined;
  private readonly fieldPattern: RegExp | undefined;
  private readonly safeRecords = new WeakMap<ResponseRecord, ResponseRecord>();

  /** `rules` add to `PROTOCOL_CREDENTIALS`, which always apply. */
  constructor(secrets: readonly string[], rules: RedactionRules = {}) {
    const all = combineRules(PROTOCOL_CREDENTIALS, rules);
    this.headers = new Set(all.headers);
    this.parameters = new Set(all.parameters);
    const usable = [...new Set(secrets.filter((s) => s && s.length >= MIN_SECRET_LENGTH))];
    const forms = new Set<string>();
    for (const secret of usable) for (const form of secretSpellings(secret)) forms.add(form);
    const alternation = (values: Iterable<string>) => [...values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    this.secretPattern = forms.size ? new RegExp(alternation(forms), 'g') : undefined;
    this.plainSecrets = usable.length ? new RegExp(alternation(usable), 'g') : undefined;
    this.fieldPattern = all.fields.length ? new RegExp(`("(?:${all.fields.map(escapeRegExp).join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi') : undefined;
  }

  /** Secret values and credential JSON fields out of any text. */
  text(value: string): string {
    // A credential field is quoted JSON: a text without a quote (a header value, a URL) has none.
    let result = this.fieldPattern && value.includes('"') ? value.replace(this.fieldPattern, `$1"${REDACTED}"`) : value;
    if (!this.secretPattern) return result;
    result = result.replace(this.secretPattern, REDACTED);
    // JSON writers escape differently (`\/`, `\u002B` for `+` in .NET, `\u00e9`): a secret is
    // also looked for in the text with every backslash escape read, whatever the mix.
    if (result.includes('\\')) result = redactEscaped(result, this.plainSecrets!);
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

  /** True when `name` is a credential header by these rules. */
  isCredentialHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }

  /** True when `name` is a credential query parameter by these rules. */
  isCredentialParameter(name: string): boolean {
    return this.parameters.has(name.toLowerCase());
  }

  headerList(headers: [string, string][]): [string, string][] {
    // A loop, not map(([name, value]) => …): test/bench/forOf.mjs.
    const out: [string, string][] = [];
    for (let i = 0; i < headers.length; i++) {
      const name = headers[i]![0];
      out.push([name, this.headers.has(name.toLowerCase()) ? REDACTED : this.text(headers[i]![1])]);
    }
    return out;
  }

  /**
   * A copy of the record that is safe to write: no secrets, no body bytes. Made once per record
   * and redactor: a run's history line and its report ask for the same copy (a record is final
   * once recorded; the copy must not be changed either).
   */
  record(record: ResponseRecord): ResponseRecord {
    let safe = this.safeRecords.get(record);
    if (!safe) this.safeRecords.set(record, (safe = this.redactRecord(record)));
    return safe;
  }

  private redactRecord(record: ResponseRecord): ResponseRecord {
    // Object.assign where a copy gains or replaces keys: `{ ...a, b }` costs microseconds in Node
    // 20's V8 (sendRequest.ts, timingsOf), and this runs for every record of a report and history.
    return Object.assign({}, record, {
      request: Object.assign({}, record.request, {
        url: this.url(record.request.url),
        headers: this.headerList(record.request.headers),
        bodyPreview: record.request.bodyPreview === undefined ? undefined : this.text(record.request.bodyPreview),
      }),
      response:
        record.response &&
        Object.assign({}, record.response, {
          statusText: this.text(record.response.statusText),
          headers: this.headerList(record.response.headers),
          body: safeBody(record.response.body, this.text(record.response.body.preview)),
        }),
      redirects: record.redirects.map((r) => ({ ...r, url: this.url(r.url) })),
      error: record.error && Object.assign({}, record.error, { message: this.text(record.error.message), hint: record.error.hint && this.text(record.error.hint) }),
      // Schema messages can quote the offending value (an enum miss, a pattern) or the request
      // (`no operation for GET …`), either of which may hold a secret.
      validation: record.validation && {
        ...record.validation,
        against: record.validation.against && this.text(record.validation.against),
        errors: record.validation.errors.map((e) => ({ ...e, path: this.text(e.path), message: this.text(e.message) })),
      },
      // A server's message may echo what was sent (a key in `'…' is geen geldige waarde`).
      problem: record.problem && {
        ...record.problem,
        title: this.text(record.problem.title),
        ...(record.problem.detail !== undefined ? { detail: this.text(record.problem.detail) } : {}),
        ...(record.problem.type !== undefined ? { type: this.text(record.problem.type) } : {}),
        messages: record.problem.messages.map((m) => ({ ...m, message: this.text(m.message) })),
        fields: record.problem.fields.map((f) => ({ ...f, name: this.text(f.name), message: this.text(f.message), ...(f.path !== undefined ? { path: this.text(f.path) } : {}) })),
      },
    });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Reads every JSON backslash escape of `text` into a decoded copy that remembers where each
 * character came from, finds the secrets there, and replaces the source spans they cover.
 */
function redactEscaped(text: string, secrets: RegExp): string {
  let decoded = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        decoded += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        from.push(i);
        to.push(i + 6);
        i += 6;
        continue;
      }
      if (SIMPLE_ESCAPES[next] !== undefined) {
        decoded += SIMPLE_ESCAPES[next];
        from.push(i);
        to.push(i + 2);
        i += 2;
        continue;
      }
    }
    decoded += c;
    from.push(i);
    to.push(i + 1);
    i++;
  }
  if (decoded.length === text.length) return text;
  const spans: [number, number][] = [];
  secrets.lastIndex = 0;
  for (let m = secrets.exec(decoded); m; m = secrets.exec(decoded)) {
    if (m[0].length === 0) {
      secrets.lastIndex++;
      continue;
    }
    spans.push([from[m.index]!, to[m.index + m[0].length - 1]!]);
  }
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * The body without its bytes and with the redacted preview, in one copy: a loop rather than
 * `{ bytes, ...rest }`, which is V8's slow copy (per record of every report and history line).
 */
function safeBody(body: NonNullable<ResponseRecord['response']>['body'], preview: string): NonNullable<ResponseRecord['response']>['body'] {
  const copy: Record<string, unknown> = {};
  for (const key in body) if (key !== 'bytes') copy[key] = body[key as keyof typeof body];
  copy.preview = preview;
  return copy as unknown as NonNullable<ResponseRecord['response']>['body'];
}
