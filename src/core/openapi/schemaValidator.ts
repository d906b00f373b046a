import type Ajv2020 from 'ajv/dist/2020';
import type AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types';
import type { JsonSchema, OpenApiIndex, SchemaError } from './types';
import { toAjvSchema, type SchemaDirection } from './toAjvSchema';

// One Ajv per index (so compiled code is dropped with the index), in the dialect the document
// speaks: JSON Schema 2020-12 for OpenAPI 3.1, draft-04 plus `nullable` for 3.0 and Swagger 2.0.
// Schemas compile on first use and are cached per schema object and direction.

interface IndexValidators {
  ajv: Ajv2020 | AjvDraft04;
  openApiNullable: boolean;
  compiled: WeakMap<object, Partial<Record<SchemaDirection, ValidateFunction>>>;
  /** Schemas reached through a lazy reference keyword, by the number the keyword carries. */
  targets: Record<string, unknown>[];
  targetIds: Map<object, number>;
}

const LAZY_KEYWORD: Record<SchemaDirection, string> = { request: 'regxLazyRequest', response: 'regxLazyResponse' };


const perIndex = new WeakMap<OpenApiIndex, IndexValidators>();

/** Schemas compiled by this process so far: a test shows the second response of an operation compiles none. */
let compilations = 0;
export function schemaCompilations(): number {
  return compilations;
}

const MAX_ERRORS = 50;

function validatorsFor(index: OpenApiIndex): IndexValidators {
  let validators = perIndex.get(index);
  if (validators) return validators;
  const is31 = /^3\.[1-9]/.test(index.specVersion);
  const options = { strict: false, allErrors: true, logger: false as const, validateFormats: true };
  // Required here, not imported: a run that validates nothing does not initialise ajv at start-up.
  const ajv = is31 ? new (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default(options) : new (require('ajv-draft-04') as typeof import('ajv-draft-04')).default(options);
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
  const state: IndexValidators = { ajv, openApiNullable: !is31, compiled: new WeakMap(), targets: [], targetIds: new Map() };
  for (const direction of ['request', 'response'] as const) {
    // Runs the referenced schema's own validator (compiled on first use) and re-roots its errors.
    const lazy: SchemaValidateFunction = (id: number, data: unknown, _parent?: unknown, context?: DataValidationCxt): boolean => {
      const validate = compiledValidator(index, state.targets[id] as JsonSchema, direction);
      const ok = validate(data) as boolean;
      lazy.errors = ok
        ? []
        : (validate.errors ?? []).map((error) => ({ ...error, instancePath: `${context?.instancePath ?? ''}${error.instancePath}` }));
      return ok;
    };
    ajv.addKeyword({ keyword: LAZY_KEYWORD[direction], schemaType: 'number', errors: true, validate: lazy });
  }
  perIndex.set(index, state);
  return state;
}

export function compiledValidator(index: OpenApiIndex, schema: JsonSchema, direction: SchemaDirection): ValidateFunction {
  const validators = validatorsFor(index);
  if (typeof schema === 'boolean') {
    compilations++;
    return validators.ajv.compile(schema);
  }
  let entry = validators.compiled.get(schema);
  if (!entry) validators.compiled.set(schema, (entry = {}));
  let validate = entry[direction];
  if (!validate) {
    const lazyRef = (shared: Record<string, unknown>): Record<string, unknown> => {
      let id = validators.targetIds.get(shared);
      if (id === undefined) {
        id = validators.targets.push(shared) - 1;
        validators.targetIds.set(shared, id);
      }
      return { [LAZY_KEYWORD[direction]]: id };
    };
    compilations++;
    validate = validators.ajv.compile(toAjvSchema(schema, direction, validators.openApiNullable, lazyRef) as object);
    entry[direction] = validate;
  }
  return validate;
}

/** Validates `value`; errors carry JSON paths such as `$.contactgegevens[0].waarde`. */
export function validateSchema(index: OpenApiIndex, schema: JsonSchema, direction: SchemaDirection, value: unknown): SchemaError[] {
  let validate: ValidateFunction;
  try {
    validate = compiledValidator(index, schema, direction);
  } catch (error) {
    return [{ path: '$', keyword: 'schema', message: `the document's schema cannot be used: ${(error as Error).message}` }];
  }
  if (validate(value)) return [];
  const seen = new Set<string>();
  const errors: SchemaError[] = [];
  for (const error of validate.errors ?? []) {
    const converted = toSchemaError(error, value);
    const key = `${converted.path}\u0000${converted.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(converted);
    if (errors.length >= MAX_ERRORS) break;
  }
  return errors;
}

function toSchemaError(error: ErrorObject, root: unknown): SchemaError {
  const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? error.keyword;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    segments.push(params.missingProperty);
    message = 'is required';
  } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    segments.push(params.additionalProperty);
    message = 'is not allowed here';
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { path: jsonPath(segments, root), message, keyword: error.keyword };
}

/** `['contactgegevens', '0', 'waarde']` → `$.contactgegevens[0].waarde`, looking at the data for arrays. */
export function jsonPath(segments: string[], root: unknown): string {
  let path = '$';
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}
