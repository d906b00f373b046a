/** A problem with one catalog file; the entry it concerns is left out, the others still load. */
export interface CatalogDiagnostic {
  file: string;
  /** One-based, when the problem has a place in the file. */
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  /** `catalog/yaml`, `catalog/schema`, `catalog/id-mismatch`, `catalog/unknown-environment`, `catalog/read`… */
  code: string;
  message: string;
}
