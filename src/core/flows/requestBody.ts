// A step's Request Body Object → the bytes sent and their Content-Type. The payload is evaluated
// (evaluateValue), then each Payload Replacement sets a value at its target: a JSON Pointer into a
// JSON payload (the default), a JSONPath (every node it selects), or an XPath into an XML payload.

import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { evaluateXPathToNodes } from 'fontoxpath';
import type { ExpressionTypeObject, RequestBodyObject } from './arazzoTypes';
import type { ExpressionContext } from './evaluateExpression';
import { embedValue } from './evaluateExpression';
import { evaluateValue } from './evaluateValue';
import { locateJsonPath, QueryError } from './selectors';

export class RequestBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

export interface BuiltBody {
  text: string;
  contentType: string;
  /** The payload as evaluated, before serialising: what reports show as the step's body. */
  value: unknown;
}

const isJson = (type: string) => /[/+]json\b/i.test(type);
const isXml = (type: string) => /[/+]xml\b/i.test(type);
const isForm = (type: string) => /^application\/x-www-form-urlencoded\b/i.test(type);

function selectorType(type: string | ExpressionTypeObject | undefined): string | undefined {
  return typeof type === 'object' ? type.type : type;
}

/** RFC 6901 set, creating missing objects on the way; `-` appends to an array. */
function setPointer(root: unknown, target: string, value: unknown): unknown {
  if (target === '' || target === '/') return value;
  if (!target.startsWith('/')) throw new RequestBodyError(`replacement target '${target}' is no JSON pointer (it starts with /)`);
  const segments = target.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (typeof root !== 'object' || root === null) throw new RequestBodyError(`replacement target '${target}': the payload is no JSON object or array`);
  let node = root as Record<string, unknown> | unknown[];
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(node)) {
      const index = key === '-' ? node.length : /^\d+$/.test(key) ? Number(key) : NaN;
      if (Number.isNaN(index) || index > node.length) throw new RequestBodyError(`replacement target '${target}': '${key}' is no index of an array of ${node.length}`);
      if (last) node[index] = value;
      else {
        node[index] ??= {};
        node = node[index] as Record<string, unknown>;
      }
    } else {
      if (last) node[key] = value;
      else {
        if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    }
    if (!last && (typeof node !== 'object' || node === null)) throw new RequestBodyError(`replacement target '${target}' runs through a value that is no object`);
  }
  return root;
}

function setJsonPath(root: unknown, path: string, value: unknown): unknown {
  let locations: (string | number)[][];
  try {
    locations = locateJsonPath(path, root);
  } catch (error) {
    throw new RequestBodyError((error as QueryError).message);
  }
  if (locations.length === 0) throw new RequestBodyError(`replacement target '${path}' selects nothing in the payload`);
  for (const location of locations) {
    if (location.length === 0) return value;
    let node = root as Record<string | number, unknown>;
    for (const key of location.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[location[location.length - 1]!] = value;
  }
  return root;
}

function setXPath(xml: string, expression: string, value: unknown): string {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new RequestBodyError(`the XML payload is not well-formed: ${String(message).split('\n')[0]}`);
    },
  }).parseFromString(xml, 'text/xml');
  let nodes: { textContent: string | null; nodeValue?: string | null; nodeType: number }[];
  try {
    nodes = evaluateXPathToNodes(expression, document as never) as never;
  } catch (error) {
    throw new RequestBodyError(`replacement target '${expression}': ${(error as Error).message.split('\n')[0]}`);
  }
  if (nodes.length === 0) throw new RequestBodyError(`replacement target '${expression}' selects nothing in the payload`);
  for (const node of nodes) {
    if (node.nodeType === 2) node.nodeValue = embedValue(value);
    else node.textContent = embedValue(value);
  }
  return new XMLSerializer().serializeToString(document as never);
}

function serialise(value: unknown, contentType: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (isForm(contentType) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const form = new URLSearchParams();
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      for (const one of Array.isArray(item) ? item : [item]) form.append(key, embedValue(one));
    }
    return form.toString();
  }
  return JSON.stringify(value);
}

/**
 * `operationTypes` are the media types the operation accepts; the first JSON one (or the first)
 * is used when the step names none.
 */
export function buildRequestBody(body: RequestBodyObject, context: ExpressionContext, selectors: boolean, operationTypes: string[] = []): BuiltBody {
  let value = evaluateValue(body.payload, context, selectors);
  const contentType =
    body.contentType ??
    operationTypes.find(isJson) ??
    operationTypes[0] ??
    (typeof value === 'string' ? (/^\s*</.test(value) ? 'application/xml' : /^\s*[[{]/.test(value) ? 'application/json' : 'text/plain') : 'application/json');
  const replacements = body.replacements ?? [];
  if (replacements.length) {
    const kindOf = (t: string | ExpressionTypeObject | undefined) => selectorType(t) ?? (isXml(contentType) ? 'xpath' : 'jsonpointer');
    if (replacements.some((r) => kindOf(r.targetSelectorType) !== 'xpath')) {
      // JSON text (the templated form) is parsed so its members can be replaced.
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch {
          throw new RequestBodyError('payload replacements with a JSON pointer or JSONPath need a JSON payload');
        }
      }
      value = value === undefined ? {} : structuredClone(value);
    }
    for (const replacement of replacements) {
      const replacementValue = evaluateValue(replacement.value, context, selectors);
      const kind = kindOf(replacement.targetSelectorType);
      if (kind === 'xpath') {
        if (typeof value !== 'string') throw new RequestBodyError(`an XPath replacement needs an XML payload (text), not ${typeof value}`);
        value = setXPath(value, replacement.target, replacementValue);
      } else if (kind === 'jsonpath') value = setJsonPath(value, replacement.target, replacementValue);
      else value = setPointer(value, replacement.target, replacementValue);
    }
  }
  return { text: serialise(value, contentType), contentType, value };
}
