// `simple` criteria: literals, runtime expressions and the operators of the Criterion Object
// (< <= > >= == != ! && || () [] .). Comparison rules from the specification: strings compare
// case-insensitively, numeric strings become numbers when compared with numbers, `null` equals
// only itself and orders against nothing. Every comparison made is kept with both evaluated
// sides, so a report can say why a criterion failed ($statusCode → 412, expected == 200).

import { evaluateExpression, type ExpressionContext } from './evaluateExpression';
import { ExpressionSyntaxError, scanExpression, type RuntimeExpression } from './runtimeExpression';

export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Comparison {
  /** Source text of each side, e.g. `$statusCode` and `200`. */
  left: string;
  leftValue: unknown;
  /** `is true` when a lone value stands as the condition or under `!`, `&&`, `||`. */
  operator: Operator | 'is true';
  right?: string;
  rightValue?: unknown;
  passed: boolean;
}

type Node =
  | { kind: 'literal'; value: unknown; text: string }
  | { kind: 'expression'; expression: RuntimeExpression; path: (string | number)[]; text: string }
  | { kind: 'not'; operand: Node; text: string }
  | { kind: 'and' | 'or'; left: Node; right: Node; text: string }
  | { kind: 'compare'; operator: Operator; left: Node; right: Node; text: string };

type Token =
  | { kind: 'op'; value: string; offset: number }
  | { kind: 'literal'; value: unknown; text: string; offset: number }
  | { kind: 'expression'; expression: RuntimeExpression; offset: number; text: string }
  | { kind: 'name'; value: string; offset: number };

/** Where an expression inside a condition ends: white space or an operator character. */
const STOP = (c: string) => /[\s=!<>&|()[\],]/.test(c);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let afterDot = false;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (afterDot) {
      const m = /^[A-Za-z0-9_$@-]+/.exec(text.slice(i));
      if (!m) throw new ExpressionSyntaxError(`expected a property name after '.'`, i);
      tokens.push({ kind: 'name', value: m[0], offset: i });
      i += m[0].length;
      afterDot = false;
      continue;
    }
    if (c === '$') {
      if (text[i + 1] === '[' || text[i + 1] === '.') {
        throw new ExpressionSyntaxError(`'${text.slice(i, i + 12)}…' is a JSONPath query: give the criterion 'type: jsonpath' and a 'context' such as $response.body`, i);
      }
      // `$response.body.count`: the grammar ends at `body`; `.count` is then property access.
      const { expression, end } = scanExpression(text, i, STOP);
      tokens.push({ kind: 'expression', expression, offset: i, text: text.slice(i, end) });
      i = end;
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExpressionSyntaxError(`the string starting at ${start + 1} is not closed with ${c}`, start);
        if (text[i] === c) {
          if (text[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'literal', value, text: text.slice(start, i), offset: start });
      continue;
    }
    const number = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (number && !/[A-Za-z_]/.test(text[i + number[0].length] ?? '')) {
      tokens.push({ kind: 'literal', value: Number(number[0]), text: number[0], offset: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      const lower = word[0];
      if (lower === 'true' || lower === 'false' || lower === 'null') {
        tokens.push({ kind: 'literal', value: lower === 'null' ? null : lower === 'true', text: lower, offset: i });
        i += lower.length;
        continue;
      }
      throw new ExpressionSyntaxError(`'${word[0]}' is not a value: write strings in single quotes ('${word[0]}'), or start an expression with $`, i);
    }
    const op = /^(==|!=|<=|>=|&&|\|\||[<>!()[\].])/.exec(text.slice(i));
    if (op) {
      tokens.push({ kind: 'op', value: op[0], offset: i });
      i += op[0].length;
      if (op[0] === '.') afterDot = true;
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected '${c}'`, i);
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parse(): Node {
    if (this.tokens.length === 0) throw new ExpressionSyntaxError('the condition is empty', 0);
    const node = this.or();
    const next = this.tokens[this.index];
    if (next) throw new ExpressionSyntaxError(`unexpected '${this.text.slice(next.offset, next.offset + 10)}'`, next.offset);
    return node;
  }

  private peek(value: string): boolean {
    const t = this.tokens[this.index];
    return t?.kind === 'op' && t.value === value;
  }

  private offset(): number {
    return this.tokens[this.index]?.offset ?? this.text.length;
  }

  private spanText(from: number): string {
    const end = this.tokens[this.index]?.offset ?? this.text.length;
    return this.text.slice(from, end).trim();
  }

  private or(): Node {
    const start = this.offset();
    let left = this.and();
    while (this.peek('||')) {
      this.index++;
      const right = this.and();
      left = { kind: 'or', left, right, text: this.spanText(start) };
    }
    return left;
  }

  private and(): Node {
    const start = this.offset();
    let left = this.unary();
    while (this.peek('&&')) {
      this.index++;
      const right = this.unary();
      left = { kind: 'and', left, right, text: this.spanText(start) };
    }
    return left;
  }

  private unary(): Node {
    const start = this.offset();
    if (this.peek('!')) {
      this.index++;
      const operand = this.unary();
      return { kind: 'not', operand, text: this.spanText(start) };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const start = this.offset();
    const left = this.primary();
    const t = this.tokens[this.index];
    if (t?.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.value)) {
      this.index++;
      const right = this.primary();
      return { kind: 'compare', operator: t.value as Operator, left, right, text: this.spanText(start) };
    }
    return left;
  }

  private primary(): Node {
    const t = this.tokens[this.index];
    if (!t) throw new ExpressionSyntaxError('the condition ends where a value is expected', this.text.length);
    if (t.kind === 'op' && t.value === '(') {
      this.index++;
      const inner = this.or();
      if (!this.peek(')')) throw new ExpressionSyntaxError(`')' expected`, this.offset());
      this.index++;
      return inner;
    }
    if (t.kind === 'literal') {
      this.index++;
      return { kind: 'literal', value: t.value, text: t.text };
    }
    if (t.kind === 'expression') {
      this.index++;
      const path: (string | number)[] = [];
      for (;;) {
        if (this.peek('.')) {
          this.index++;
          const name = this.tokens[this.index];
          if (name?.kind !== 'name') throw new ExpressionSyntaxError(`expected a property name after '.'`, this.offset());
          this.index++;
          path.push(name.value);
        } else if (this.peek('[')) {
          this.index++;
          const key = this.tokens[this.index];
          if (key?.kind !== 'literal' || (typeof key.value !== 'number' && typeof key.value !== 'string')) {
            throw new ExpressionSyntaxError(`an index is a number or a quoted name, e.g. [0] or ['id']`, this.offset());
          }
          this.index++;
          if (!this.peek(']')) throw new ExpressionSyntaxError(`']' expected`, this.offset());
          this.index++;
          path.push(key.value as string | number);
        } else break;
      }
      const end = this.tokens[this.index]?.offset ?? this.text.length;
      return { kind: 'expression', expression: t.expression, path, text: this.text.slice(t.offset, end).trim() };
    }
    throw new ExpressionSyntaxError(`unexpected '${this.text.slice(t.offset, t.offset + 10)}' where a value is expected`, t.offset);
  }
}

/** Parses a simple condition; throws `ExpressionSyntaxError` with the offset of the problem. */
export function parseSimpleCondition(text: string): Node {
  return new Parser(tokenize(text), text).parse();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function step(value: unknown, key: string | number): unknown {
  if (Array.isArray(value)) {
    if (typeof key === 'number') return value[key];
    if (key === 'length') return value.length;
    return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  }
  if (typeof value === 'string' && key === 'length') return value.length;
  if (isRecord(value)) return Object.prototype.hasOwnProperty.call(value, String(key)) ? value[String(key)] : undefined;
  return undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === null && b === null;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = asNumber(a);
    const y = asNumber(b);
    if (x !== undefined && y !== undefined) return x === y;
  }
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b.toLowerCase();
  if (typeof b === 'boolean' && typeof a === 'string') return String(b) === a.toLowerCase();
  if (typeof a !== typeof b) return false;
  if (typeof a === 'object') return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  return a === b;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

function order(operator: Operator, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const x = asNumber(a);
  const y = asNumber(b);
  let sign: number;
  if (x !== undefined && y !== undefined) sign = x < y ? -1 : x > y ? 1 : 0;
  else if (typeof a === 'string' && typeof b === 'string') {
    const p = a.toLowerCase();
    const q = b.toLowerCase();
    sign = p < q ? -1 : p > q ? 1 : 0;
  } else return false;
  switch (operator) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    default:
      return sign >= 0;
  }
}

export function compareValues(operator: Operator, a: unknown, b: unknown): boolean {
  if (operator === '==') return equal(a, b);
  if (operator === '!=') return !equal(a, b);
  return order(operator, a, b);
}

/** Only `true` (or the text `true` in any case, as headers carry it) passes as a bare value. */
function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export interface SimpleConditionResult {
  passed: boolean;
  comparisons: Comparison[];
}

export function evaluateSimpleCondition(condition: string, context: ExpressionContext): SimpleConditionResult {
  const node = parseSimpleCondition(condition);
  const comparisons: Comparison[] = [];
  const value = (n: Node): unknown => {
    switch (n.kind) {
      case 'literal':
        return n.value;
      case 'expression':
        return n.path.reduce<unknown>((current, key) => step(current, key), evaluateExpression(n.expression, context));
      default:
        return test(n);
    }
  };
  const test = (n: Node): boolean => {
    switch (n.kind) {
      case 'compare': {
        const leftValue = value(n.left);
        const rightValue = value(n.right);
        const passed = compareValues(n.operator, leftValue, rightValue);
        comparisons.push({ left: n.left.text, leftValue, operator: n.operator, right: n.right.text, rightValue, passed });
        return passed;
      }
      case 'and':
        return test(n.left) && test(n.right);
      case 'or':
        return test(n.left) || test(n.right);
      case 'not':
        return !test(n.operand);
      default: {
        const leftValue = value(n);
        const passed = truthy(leftValue);
        comparisons.push({ left: n.text, leftValue, operator: 'is true', passed });
        return passed;
      }
    }
  };
  return { passed: test(node), comparisons };
}

/** The runtime expressions a simple condition reads, for reference checks. Throws like `parseSimpleCondition`. */
export function conditionExpressions(text: string): RuntimeExpression[] {
  const found: RuntimeExpression[] = [];
  const walk = (node: Node): void => {
    if (node.kind === 'expression') found.push(node.expression);
    else if (node.kind === 'not') walk(node.operand);
    else if (node.kind === 'and' || node.kind === 'or' || node.kind === 'compare') {
      walk(node.left);
      walk(node.right);
    }
  };
  walk(parseSimpleCondition(text));
  return found;
}
