// The query languages criteria, selector objects and payload replacements use: JSONPath as RFC
// 9535 defines it (json-p3, which passes the JSONPath compliance suite; Goessner's draft through
// jsonpath-plus when a flow asks for `draft-goessner-dispatch-jsonpath-00`), XPath 3.1 over XML
// (fontoxpath on an @xmldom/xmldom document; xmldom never fetches external entities) and JSON
// Pointer. Each throws on a malformed query or context; callers turn that into a failed criterion.

import { jsonpath } from 'json-p3';
import { JSONPath } from 'jsonpath-plus';
import { evaluateXPath } from 'fontoxpath';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { resolvePointer } from './evaluateExpression';

export const JSONPATH_VERSIONS = ['rfc9535', 'draft-goessner-dispatch-jsonpath-00'] as const;
export const XPATH_VERSIONS = ['xpath-31', 'xpath-30', 'xpath-20', 'xpath-10'] as const;

/** Contexts above this size are not queried: a hostile answer must not cost minutes of CPU. */
export const MAX_QUERY_INPUT = 10 * 1024 * 1024;

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** A JSON context: parsed values as they are, JSON text parsed; anything else is not JSON. */
export function jsonContext(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.length > MAX_QUERY_INPUT) throw new QueryError(`the context is ${value.length} characters, more than the ${MAX_QUERY_INPUT} this tool queries`);
  try {
    return JSON.parse(value);
  } catch {
    throw new QueryError('the context is text, not JSON');
  }
}

/** The values a JSONPath query selects, in document order. */
export function queryJsonPath(path: string, value: unknown, version?: string): unknown[] {
  const data = jsonContext(value);
  if (data === undefined) throw new QueryError('there is no context value to query');
  if (version === 'draft-goessner-dispatch-jsonpath-00') {
    try {
      return JSONPath({ path, json: data as object, wrap: true, eval: 'safe' }) as unknown[];
    } catch (error) {
      throw new QueryError(`JSONPath (Goessner) '${path}': ${(error as Error).message}`);
    }
  }
  try {
    return jsonpath.query(path, data as never).values();
  } catch (error) {
    throw new QueryError(`JSONPath '${path}': ${(error as Error).message}`);
  }
}

/** Where each selected value sits (its RFC 9535 normalized path as segments), for replacements. */
export function locateJsonPath(path: string, value: unknown): (string | number)[][] {
  try {
    return jsonpath.query(path, value as never).nodes.map((node) => [...node.location]);
  } catch (error) {
    throw new QueryError(`JSONPath '${path}': ${(error as Error).message}`);
  }
}

type XmlDocument = ReturnType<DOMParser['parseFromString']>;

export function parseXml(value: unknown): XmlDocument {
  if (typeof value !== 'string') throw new QueryError('XPath needs an XML context (text), not a parsed JSON value');
  if (value.length > MAX_QUERY_INPUT) throw new QueryError(`the context is ${value.length} characters, more than the ${MAX_QUERY_INPUT} this tool queries`);
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new QueryError(`the context is not well-formed XML: ${String(message).split('\n')[0]}`);
    },
  });
  try {
    return parser.parseFromString(value, 'text/xml');
  } catch (error) {
    if (error instanceof QueryError) throw error;
    throw new QueryError(`the context is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
}

interface XmlNodeLike {
  nodeType: number;
  textContent?: string | null;
}

function isNode(value: unknown): value is XmlNodeLike {
  return typeof value === 'object' && value !== null && typeof (value as XmlNodeLike).nodeType === 'number';
}

/** A query result as plain values: nodes as their XML (elements) or text (attributes, text). */
function plain(item: unknown): unknown {
  if (!isNode(item)) return item;
  if (item.nodeType === 1 || item.nodeType === 9) return new XMLSerializer().serializeToString(item as never);
  return item.textContent ?? '';
}

export interface XPathResult {
  /** XPath's effective boolean value of the result (3.1 §2.4.3; 1.0 §4.2 agrees on these cases). */
  value: boolean;
  items: unknown[];
}

/**
 * What an XPath is evaluated on: XML text becomes a document; other text, numbers and booleans are
 * the context item itself (XPath 3.1 works on atomic values: `tokenize(., '/')[last()]` on a
 * Location header). Parsed JSON structures have no XPath form.
 */
export function xpathContext(value: unknown): XmlDocument | string | number | boolean {
  if (typeof value === 'string') return /^\s*</.test(value) ? parseXml(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  throw new QueryError('XPath needs an XML context (text), not a parsed JSON value');
}

export function queryXPath(expression: string, document: XmlDocument | string | number | boolean): XPathResult {
  let result: unknown;
  try {
    result = evaluateXPath(expression, document as never, null, null, evaluateXPath.ANY_TYPE);
  } catch (error) {
    throw new QueryError(`XPath '${expression}': ${(error as Error).message.split('\n').filter((l) => /XP|FO|Error/.test(l))[0] ?? (error as Error).message}`);
  }
  const items = Array.isArray(result) ? result : result === undefined || result === null ? [] : [result];
  return { value: effectiveBooleanValue(items), items: items.map(plain) };
}

function effectiveBooleanValue(items: unknown[]): boolean {
  if (items.length === 0) return false;
  const first = items[0];
  if (isNode(first)) return true;
  if (items.length > 1) throw new QueryError('XPath result has no effective boolean value: a sequence of several atomic values');
  if (typeof first === 'boolean') return first;
  if (typeof first === 'number') return first !== 0 && !Number.isNaN(first);
  if (typeof first === 'string') return first.length > 0;
  return true;
}

/** A Selector Object's value (1.1): the first JSONPath match, the XPath result, the pointed value. */
export function selectValue(type: string, version: string | undefined, selector: string, context: unknown): unknown {
  if (type === 'jsonpath') {
    const values = queryJsonPath(selector, context, version);
    return values.length === 1 ? values[0] : values.length === 0 ? undefined : values;
  }
  if (type === 'xpath') {
    const { items } = queryXPath(selector, xpathContext(context));
    return items.length === 1 ? items[0] : items.length === 0 ? undefined : items;
  }
  if (type === 'jsonpointer') {
    const segments = selector === '' ? [] : selector.replace(/^#/, '').slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    return resolvePointer(jsonContext(context), segments);
  }
  throw new QueryError(`unknown selector type '${type}' (jsonpath, xpath, jsonpointer)`);
}
