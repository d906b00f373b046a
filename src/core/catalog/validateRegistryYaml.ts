import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import type { CatalogDiagnostic } from './CatalogDiagnostic';

// One registry.yaml → its plain value, or diagnostics that point at the offending line. Schema
// errors are placed at the YAML node the JSON pointer names (or its nearest existing parent).

export type RegistryValidator = ValidateFunction;

/** The `yaml` package, loaded on first use: a `regx run` that reads no YAML does not initialise it. */
function yaml(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

export function compileRegistrySchema(schema: object): RegistryValidator {
  // Required here: the catalog usually comes from its cache, and then ajv is never initialised.
  const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
  return ajv.compile(schema);
}

export function parseRegistryYaml(
  text: string,
  file: string,
  validate: RegistryValidator,
): { value?: Record<string, unknown>; diagnostics: CatalogDiagnostic[] } {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length) {
    return {
      diagnostics: doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0]?.line,
        column: error.linePos?.[0]?.col,
        severity: 'error' as const,
        code: 'catalog/yaml',
        message: error.message.split('\n')[0] ?? error.message,
      })),
    };
  }
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { diagnostics: [{ file, line: 1, column: 1, severity: 'error', code: 'catalog/schema', message: 'a registry.yaml holds one mapping (id, name, environments, …)' }] };
  }
  if (validate(value)) return { value: value as Record<string, unknown>, diagnostics: [] };
  return { diagnostics: schemaDiagnostics(validate.errors ?? [], doc, lineCounter, file) };
}

function schemaDiagnostics(errors: ErrorObject[], doc: Document, lineCounter: LineCounter, file: string): CatalogDiagnostic[] {
  // a failing discriminator branch also reports the `oneOf` itself: keep the useful one
  const useful = errors.filter((e) => e.keyword !== 'oneOf' || errors.length === 1);
  const seen = new Set<string>();
  const out: CatalogDiagnostic[] = [];
  for (const error of useful) {
    const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const params = error.params as Record<string, unknown>;
    let message = `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
    let at = path;
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      at = [...path, params.additionalProperty];
      message = `${error.instancePath || ''}/${params.additionalProperty} is not a known field`;
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `${error.instancePath} must be one of ${params.allowedValues.join(', ')}`;
    }
    const position = positionOf(doc, lineCounter, at, error.keyword === 'additionalProperties');
    const key = `${position.line}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, ...position, severity: 'error', code: 'catalog/schema', message });
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Line/column of the node at `path`, or of its nearest ancestor that exists. */
export function positionOf(doc: Document, lineCounter: LineCounter, path: (string | number)[], keyNode = false): { line?: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const segments = path.slice(0, n).map((s) => (/^\d+$/.test(String(s)) ? Number(s) : s));
    const parent = segments.length ? doc.getIn(segments.slice(0, -1), true) : undefined;
    // For a key that should not be there, point at the key rather than its value.
    if (keyNode && n === path.length && segments.length && parent && typeof parent === 'object' && 'items' in parent) {
      const items = (parent as { items: unknown[] }).items;
      for (const item of items) {
        const pairKey = (item as { key?: unknown }).key;
        if (yaml().isNode(pairKey) && String((pairKey as { value?: unknown }).value) === String(segments[segments.length - 1]) && pairKey.range) {
          const pos = lineCounter.linePos(pairKey.range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
    }
    const node = segments.length ? doc.getIn(segments, true) : doc.contents;
    if (yaml().isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}
