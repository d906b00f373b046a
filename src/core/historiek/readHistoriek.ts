// A historiek response body → gebeurtenissen, read through the registry's field names. A body
// that is not a historiek says why instead of showing an empty timeline.
import type { Gebeurtenis, HistoriekSpec } from './types';

export interface ReadHistoriek {
  /** The subject the body names (its `vCode` member), when it names one. */
  subject?: string;
  gebeurtenissen: Gebeurtenis[];
}

export class NotAHistoriekError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAHistoriekError';
  }
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

export function readHistoriek(body: unknown, spec: HistoriekSpec): ReadHistoriek {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new NotAHistoriekError('the body is not a JSON object');
  const record = body as Record<string, unknown>;
  const list = record[spec.list];
  if (!Array.isArray(list)) throw new NotAHistoriekError(`the body has no '${spec.list}' list`);
  const f = spec.fields;
  const gebeurtenissen = list.map((item, index): Gebeurtenis => {
    const g = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    return { index, type: text(g[f.type]) || '(no type)', beschrijving: text(g[f.description]), initiator: text(g[f.initiator]), tijdstip: text(g[f.time]), data: g[f.data] ?? null };
  });
  const subject = record[spec.subject.name];
  return { subject: typeof subject === 'string' ? subject : undefined, gebeurtenissen };
}

/** The subject a URL path names, when it is the historiek path or any path under the subject. */
export function subjectOfPath(path: string, spec: HistoriekSpec): string | undefined {
  const marker = `{${spec.subject.name}}`;
  const at = spec.operation.path.indexOf(marker);
  const prefix = spec.operation.path.slice(0, at);
  if (!path.startsWith(prefix)) return undefined;
  const value = decodeURIComponent(path.slice(prefix.length).split(/[/?#]/)[0] ?? '');
  if (!value) return undefined;
  if (spec.subject.pattern && !new RegExp(spec.subject.pattern).test(value)) return undefined;
  return value;
}

/** Whether a URL path is the historiek operation itself (a response to open as a timeline). */
export function isHistoriekPath(path: string, spec: HistoriekSpec): boolean {
  const subject = subjectOfPath(path, spec);
  return subject !== undefined && path.replace(/[?#].*$/, '').replace(/\/$/, '') === historiekPath(spec, subject);
}

export function historiekPath(spec: HistoriekSpec, subject: string): string {
  return spec.operation.path.replace(`{${spec.subject.name}}`, encodeURIComponent(subject));
}
