// JSONPath of a node, written so the tool's own resolver (jsonpath-plus, which reads
// `{{name.response.body.$…}}`) finds exactly that node again: `.naam` for identifier keys,
// `['e-mail']` for other plain keys, and jsonpath-plus's backtick escape (`` [`@context] ``) for
// keys it would otherwise read as an operator (@, $, *, :, a quote…). A key holding ~ ^ [ or ]
// cannot be written in that dialect at all, nor one with ; #<digit> %@% %%@@%% (its internal
// markers), '( or '?( (a script) or @string() and the other type selectors; nor
// an escaped key K whose object also holds the key "`K": after most steps jsonpath-plus tries the
// step's text as a literal key first (a property test holds all this to jsonpath-plus).

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUOTABLE = /^[A-Za-z0-9_][A-Za-z0-9 _\-./+]*$/;
/** jsonpath-plus reads these as operators even behind its backtick escape. */
const UNADDRESSABLE = /[~^[\];]|#\d|^'|'$|^`$|%@%|%%@@%%|'\??\(|@(?:null|boolean|number|string|integer|undefined|nonFinite|scalar|array|object|function|other)\(\)/;

/** Written with the backtick escape: neither an identifier nor a plain quotable key. */
function escaped(key: string): boolean {
  return !IDENTIFIER.test(key) && !QUOTABLE.test(key) && key !== '';
}

export function memberPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return `${parent}.${key}`;
  return escaped(key) ? `${parent}[\`${key}]` : `${parent}['${key}']`;
}

/** False for a key that no path in the resolver's dialect can name. */
export function isAddressableKey(key: string | number): boolean {
  return typeof key === 'number' || !UNADDRESSABLE.test(key);
}

/** `$` followed by each step. */
export function jsonPath(steps: readonly (string | number)[]): string {
  return steps.reduce<string>((path, step) => memberPath(path, step), '$');
}

/**
 * False when some step of the path cannot be named: see isAddressableKey, and an escaped key whose
 * object also has the key "`" + key (`has` says whether the value holds a node at those steps).
 */
export function isAddressablePath(steps: readonly (string | number)[], has: (steps: readonly (string | number)[]) => boolean): boolean {
  return steps.every((step, i) => isAddressableKey(step) && (typeof step === 'number' || !escaped(step) || !has([...steps.slice(0, i), `\`${step}`])));
}
