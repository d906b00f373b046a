// JSONPath of a node, written so the tool's own resolver (jsonpath-plus, which reads
// `{{name.response.body.$…}}`) finds exactly that node again: `.naam` for identifier keys,
// `['e-mail']` for other plain keys, and jsonpath-plus's backtick escape (`` [`@context] ``) for
// keys it would otherwise read as an operator (@, $, *, :, a quote…). A key holding ~ ^ [ or ]
// cannot be written in that dialect at all, nor one with ; or #<digit> (its internal markers) (a property test holds this to jsonpath-plus).

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUOTABLE = /^[A-Za-z0-9_][A-Za-z0-9 _\-./+]*$/;
/** jsonpath-plus reads these as operators even behind its backtick escape. */
const UNADDRESSABLE = /[~^[\];]|#\d|^'|'$|^`$/;

export function memberPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return `${parent}.${key}`;
  if (QUOTABLE.test(key) || key === '') return `${parent}['${key}']`;
  return `${parent}[\`${key}]`;
}

/** False for a key that no path in the resolver's dialect can name. */
export function isAddressableKey(key: string | number): boolean {
  return typeof key === 'number' || !UNADDRESSABLE.test(key);
}

/** `$` followed by each step. */
export function jsonPath(steps: readonly (string | number)[]): string {
  return steps.reduce<string>((path, step) => memberPath(path, step), '$');
}
