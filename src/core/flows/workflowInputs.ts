// Workflow inputs against the workflow's JSON Schema (2020-12): text from a command line
// (`--input page=2`) becomes the type the schema declares, defaults are filled in, what is
// required and missing is asked for (editor) or named (CLI), and the rest is validated before
// the first request. Inputs of `format: password` are secrets.

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ArazzoDocument, WorkflowObject } from './arazzoTypes';

export interface InputField {
  name: string;
  type?: string;
  description?: string;
  required: boolean;
  secret: boolean;
  default?: unknown;
  enum?: unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The inputs schema with `#/components/inputs/X` references replaced by what they name. */
export function inputsSchema(workflow: WorkflowObject, doc: ArazzoDocument): Record<string, unknown> | undefined {
  if (!isRecord(workflow.inputs)) return undefined;
  const inputs = doc.components?.inputs ?? {};
  const inline = (node: unknown, depth: number): unknown => {
    if (depth > 32) return node;
    if (Array.isArray(node)) return node.map((n) => inline(n, depth + 1));
    if (!isRecord(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      const name = /^#\/components\/inputs\/(.+)$/.exec(ref)?.[1];
      if (name !== undefined && decodeURIComponent(name) in inputs) {
        const { $ref: _drop, ...rest } = node;
        return { ...(inline(inputs[decodeURIComponent(name)], depth + 1) as object), ...(inline(rest, depth + 1) as object) };
      }
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, depth + 1)]));
  };
  return inline(workflow.inputs, 0) as Record<string, unknown>;
}

/** The top-level fields an inputs schema declares, for prompts and completion. */
export function inputFields(schema: Record<string, unknown> | undefined): InputField[] {
  if (!schema || !isRecord(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const p = isRecord(property) ? property : {};
    const field: InputField = { name, required: required.has(name), secret: p.format === 'password' };
    if (typeof p.type === 'string') field.type = p.type;
    if (typeof p.description === 'string') field.description = p.description;
    if (p.default !== undefined) field.default = p.default;
    if (Array.isArray(p.enum)) field.enum = p.enum;
    return field;
  });
}

/** `--input n=5` arrives as text: numbers, booleans and JSON structures become what the schema says. */
export function coerceInput(text: string, field: InputField | undefined): unknown {
  switch (field?.type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'object':
    case 'array':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    case 'null':
      return text === 'null' ? null : text;
    default:
      return text;
  }
}

export type InputsCheck = { ok: true; inputs: Record<string, unknown>; secrets: string[] } | { ok: false; missing: InputField[]; errors: string[] };

const compiled = new WeakMap<object, ReturnType<Ajv2020['compile']>>();

export function checkInputs(schema: Record<string, unknown> | undefined, given: Record<string, unknown>): InputsCheck {
  const inputs = structuredClone(given);
  const fields = inputFields(schema);
  const secrets = fields.filter((f) => f.secret && typeof inputs[f.name] === 'string').map((f) => String(inputs[f.name]));
  if (!schema) return { ok: true, inputs, secrets };
  for (const field of fields) if (inputs[field.name] === undefined && field.default !== undefined) inputs[field.name] = structuredClone(field.default);
  const missing = fields.filter((f) => f.required && inputs[f.name] === undefined);
  if (missing.length) return { ok: false, missing, errors: [] };
  let validate = compiled.get(schema);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      return { ok: false, missing: [], errors: [`the inputs schema does not compile: ${(error as Error).message}`] };
    }
    compiled.set(schema, validate);
  }
  if (validate(inputs)) return { ok: true, inputs, secrets };
  const errors = (validate.errors ?? []).map((e) => {
    const at = e.instancePath ? `input ${e.instancePath.slice(1).replace(/\//g, '.')}` : 'inputs';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'enum') return `${at} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    if (e.keyword === 'required') return `input '${String(params.missingProperty)}' is required`;
    return `${at} ${e.message ?? e.keyword}`;
  });
  return { ok: false, missing: [], errors: [...new Set(errors)] };
}
