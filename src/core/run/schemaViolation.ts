// When a response's validation counts against it. Only a response that was checked against an
// operation the request matched and did not conform (undocumented status or content type, a
// body that is not JSON, schema errors) violates its description. A request that matched no
// operation, or a description the validator could not use, says nothing about the response:
// failing the run for those would punish a gap in the description, not the server.

import type { ValidationResult } from '../openapi/types';

export type ValidationOutcome = 'valid' | 'invalid' | 'not-validated';

export function validationOutcome(validation: ValidationResult | undefined): ValidationOutcome {
  if (!validation) return 'not-validated';
  // validateRecord's answer for a body it kept on disk: valid, but nothing was checked.
  if (validation.valid) return validation.against?.startsWith('not checked') ? 'not-validated' : 'valid';
  return validation.operationId !== undefined ? 'invalid' : 'not-validated';
}

/** The failure reason under `--validate error`; reporters compare with it to avoid saying it twice. */
export function schemaViolationReason(validation: ValidationResult): string {
  const [first, ...rest] = validation.errors;
  const detail = first ? `: ${first.path} ${first.message}${rest.length ? ` (and ${rest.length} more)` : ''}` : '';
  return `the response does not match ${validation.against ?? 'its documented response'}${detail}`;
}
