// httpYac's declarative `??` assertions, evaluated against a response record:
//   ?? status == 200            ?? header content-type includes json
//   ?? body $.naam exists       ?? body //vCode == V0001001      ?? duration < 500
// `?? js …` needs the script sandbox (src/core/scripts): jsAssertions.ts; without it, skipped.

import { JSONPath } from 'jsonpath-plus';
import { selectXPath } from '../variables/xpathLite';
import type { ResponseRecord } from '../send/types';

export interface AssertionResult {
  /** The assertion as written, without `??`. */
  text: string;
  line?: number;
  /** `skipped` for `?? js …`. */
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why it failed (or was skipped), e.g. `expected 200, got 404`. */
  message?: string;
  /** True for `?? status …`: a request with one is not failed for a 5xx by default. */
  isStatus: boolean;
  /** `script`: a test a script ran (`client.test`, httpYac `test`); `text` is its name. Absent for `??` lines. */
  source?: 'script';
}

export const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', 'includes', 'contains', 'startsWith', 'endsWith', 'exists', 'isNumber', 'isString', 'isArray', 'isBoolean', 'isTrue', 'isFalse', 'matches'] as const;
export type Operator = (typeof OPERATORS)[number];
export const UNARY = new Set<Operator>(['exists', 'isNumber', 'isString', 'isArray', 'isBoolean', 'isTrue', 'isFalse']);

export interface ParsedAssertion {
  subject: 'status' | 'duration' | 'header' | 'body' | 'js';
  /** Header name, or the body path (`$.x`, `//x`), when given. */
  target?: string;
  operator?: Operator;
  expected?: string;
}

export class AssertionSyntaxError extends Error {}

export function parseAssertion(source: string): ParsedAssertion {
  const text = source.replace(/^\s*\?\?\s*/, '').trim();
  const words = text.split(/\s+/);
  const subject = words.shift();
  if (subject === 'js') return { subject: 'js' };
  if (subject !== 'status' && subject !== 'duration' && subject !== 'header' && subject !== 'body' && subject !== 'xpath') {
    throw new AssertionSyntaxError(`'?? ${text}': start with status, header NAME, body [PATH], duration or js`);
  }
  let target: string | undefined;
  if (subject === 'header' || subject === 'xpath') target = words.shift();
  else if (subject === 'body' && words[0] && /^(\$|\/)/.test(words[0])) target = words.shift();
  if (subject === 'header' && (!target || (OPERATORS as readonly string[]).includes(target))) throw new AssertionSyntaxError(`'?? ${text}': name the header, e.g. ?? header content-type includes json`);
  const operator = words.shift() as Operator | undefined;
  if (!operator || !OPERATORS.includes(operator)) {
    throw new AssertionSyntaxError(`'?? ${text}': '${operator ?? ''}' is not an operator (${OPERATORS.join(' ')})`);
  }
  const rest = text.split(/\s+/).slice(text.split(/\s+/).length - words.length).join(' ');
  const expected = UNARY.has(operator) ? undefined : rest.replace(/^(["'])(.*)\1$/s, '$2');
  if (!UNARY.has(operator) && !rest) throw new AssertionSyntaxError(`'?? ${text}': '${operator}' needs a value to compare with`);
  return { subject: subject === 'xpath' ? 'body' : subject, target: subject === 'xpath' && target && !target.startsWith('/') ? `//${target}` : target, operator, expected };
}

function bodyText(record: ResponseRecord): string {
  const body = record.response?.body;
  if (!body) return '';
  if (body.bytes && body.encoding === 'text') return Buffer.from(body.bytes).toString('utf8');
  return body.preview;
}

function actualValue(parsed: ParsedAssertion, record: ResponseRecord, body: string | undefined): unknown {
  switch (parsed.subject) {
    case 'status':
      return record.response?.status;
    case 'duration':
      return Math.round(record.timings.totalMs);
    case 'header': {
      const values = record.response?.headers.filter(([k]) => k.toLowerCase() === parsed.target!.toLowerCase()).map(([, v]) => v) ?? [];
      return values.length ? values.join(', ') : undefined;
    }
    default: {
      const text = body ?? bodyText(record);
      if (!parsed.target) {
        try {
          return JSON.parse(text);
        } catch {
          return text;
        }
      }
      if (parsed.target.startsWith('$')) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return undefined;
        }
        const found: unknown[] = JSONPath({ path: parsed.target, json: json as object, wrap: true });
        return found.length ? found[0] : undefined;
      }
      return selectXPath(text, parsed.target);
    }
  }
}

export function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : value === undefined ? 'nothing' : JSON.stringify(value);
}

function asComparable(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function compare(operator: Operator, actual: unknown, expected: string | undefined): boolean {
  const numeric = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
  const e = expected ?? '';
  switch (operator) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'isNumber':
      return typeof actual === 'number' && Number.isFinite(actual);
    case 'isString':
      return typeof actual === 'string';
    case 'isArray':
      return Array.isArray(actual);
    case 'isBoolean':
      return typeof actual === 'boolean';
    case 'isTrue':
      return actual === true || actual === 'true';
    case 'isFalse':
      return actual === false || actual === 'false';
    case '==':
    case '!=': {
      let equal: boolean;
      if (!Number.isNaN(numeric(actual)) && !Number.isNaN(numeric(e)) && typeof actual !== 'object') equal = numeric(actual) === numeric(e);
      else if (actual !== null && typeof actual === 'object') {
        try {
          equal = JSON.stringify(actual) === JSON.stringify(JSON.parse(e));
        } catch {
          equal = false;
        }
      } else equal = asComparable(actual) === e;
      return operator === '==' ? equal : !equal;
    }
    case '<':
      return numeric(actual) < numeric(e);
    case '<=':
      return numeric(actual) <= numeric(e);
    case '>':
      return numeric(actual) > numeric(e);
    case '>=':
      return numeric(actual) >= numeric(e);
    case 'includes':
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => asComparable(item) === e);
      return actual !== undefined && asComparable(actual).includes(e);
    case 'startsWith':
      return actual !== undefined && asComparable(actual).startsWith(e);
    case 'endsWith':
      return actual !== undefined && asComparable(actual).endsWith(e);
    case 'matches': {
      const literal = /^\/(.*)\/([a-z]*)$/s.exec(e);
      return actual !== undefined && new RegExp(literal ? literal[1]! : e, literal ? literal[2] : '').test(asComparable(actual));
    }
  }
}

/** `body` is the whole response text when the caller has it (a body spilled to a file). */
export function evaluateAssertion(source: string, record: ResponseRecord, line?: number, body?: string): AssertionResult {
  const text = source.replace(/^\s*\?\?\s*/, '').trim();
  const isStatus = /^status\b/.test(text);
  let parsed: ParsedAssertion;
  try {
    parsed = parseAssertion(text);
  } catch (error) {
    return { text, line, outcome: 'failed', message: (error as Error).message, isStatus };
  }
  if (parsed.subject === 'js') return { text, line, outcome: 'skipped', message: 'JavaScript assertions are not run', isStatus };
  if (!record.response) return { text, line, outcome: 'failed', message: 'no response', isStatus };
  const actual = actualValue(parsed, record, body);
  let passed: boolean;
  try {
    passed = compare(parsed.operator!, actual, parsed.expected);
  } catch (error) {
    return { text, line, outcome: 'failed', message: (error as Error).message, isStatus };
  }
  if (passed) return { text, line, outcome: 'passed', isStatus };
  const what = parsed.subject === 'header' ? `header ${parsed.target}` : parsed.subject === 'body' && parsed.target ? parsed.target : parsed.subject;
  const message = UNARY.has(parsed.operator!) ? `${what} is ${show(actual)}, expected it to pass ${parsed.operator}` : `${what} is ${show(actual)}, expected ${parsed.operator} ${show(parsed.expected)}`;
  return { text, line, outcome: 'failed', message, isStatus };
}
