// How a response's validation reads in the pretty and JUnit reports: one summary line and the
// first few schema errors with their JSON paths. Capped because one wrong array item can produce
// an error per element, and the report should point at the problem, not reprint the body.

import type { ValidationResult } from '../openapi/types';
import { validationOutcome, type ValidationOutcome } from '../run/schemaViolation';

export const SHOWN_SCHEMA_ERRORS = 5;

export interface ValidationLines {
  outcome: ValidationOutcome;
  summary: string;
  /** `$.path: message`, at most `SHOWN_SCHEMA_ERRORS`, then `… N more`. */
  errors: string[];
}

export function validationLines(validation: ValidationResult): ValidationLines {
  const outcome = validationOutcome(validation);
  if (outcome === 'valid') return { outcome, summary: `valid against ${validation.against ?? 'its documented response'}`, errors: [] };
  if (outcome === 'not-validated') {
    const why = validation.valid ? validation.against : validation.errors[0]?.message;
    return { outcome, summary: `not validated${why ? `: ${why}` : ''}`, errors: [] };
  }
  const errors = validation.errors.slice(0, SHOWN_SCHEMA_ERRORS).map((e) => `${e.path}: ${e.message}`);
  if (validation.errors.length > SHOWN_SCHEMA_ERRORS) errors.push(`… ${validation.errors.length - SHOWN_SCHEMA_ERRORS} more`);
  const count = `${validation.errors.length} error${validation.errors.length === 1 ? '' : 's'}`;
  return { outcome, summary: `not valid against ${validation.against ?? 'its documented response'} (${count})`, errors };
}
