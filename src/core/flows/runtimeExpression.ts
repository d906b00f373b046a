// Arazzo runtime expressions, parsed from the specification's ABNF (1.0.1 and 1.1.0):
//   $url $method $statusCode $self
//   $request.|$response.|$message. ( header.TOKEN | query.NAME | path.NAME | body[#PTR] | payload[#PTR] )
//   $inputs.NAME[#PTR]  $outputs.NAME[#PTR]  $steps.ID.outputs.NAME[#PTR]
//   $workflows.ID.(inputs|outputs).NAME[#PTR]  $sourceDescriptions.NAME.REF  $components.TYPE.NAME
// and strings with expressions embedded in braces: `https://{$inputs.host}/v1/{$steps.a.outputs.id}`.
//
// Where an expression ends is the one thing the grammar leaves open: `name` and a JSON pointer may
// hold almost any character. A whole field value ends at the end of the string; an embedded one at
// its `}`; one inside a simple condition at white space or an operator (`scan` with `stop`).
// Dotted names (`$inputs.a.b`) stay one name here; evaluation tries the longest key first, so
// both an input called `a.b` and property `b` of input `a` are found.

export type MessageSource =
  | { kind: 'header'; name: string }
  | { kind: 'query'; name: string }
  | { kind: 'path'; name: string }
  | { kind: 'body'; pointer?: string[] }
  | { kind: 'payload'; pointer?: string[] };

export type RuntimeExpression = {
  text: string;
  /** Set when the text is a common form outside the grammar that this tool reads anyway, with the form to write. */
  note?: string;
} & (
  | { kind: 'url' | 'method' | 'statusCode' | 'self' }
  | { kind: 'request' | 'response' | 'message'; source: MessageSource }
  | { kind: 'inputs' | 'outputs'; name: string; pointer?: string[] }
  /** `name` absent: the step's whole outputs map (`$steps.a.outputs`). */
  | { kind: 'steps'; stepId: string; field: 'outputs'; name?: string; pointer?: string[] }
  /** `$steps.ID` alone, as `dependsOn`-style references and 1.0's free `name` allow. */
  | { kind: 'step'; stepId: string }
  | { kind: 'workflows'; workflowId: string; field: 'inputs' | 'outputs'; name: string; pointer?: string[] }
  /** `$workflows.ID.steps.STEP` (1.1 step dependsOn across workflows), optionally `.outputs.NAME[#PTR]`. */
  | { kind: 'workflowStep'; workflowId: string; stepId: string; name?: string; pointer?: string[] }
  | { kind: 'sourceDescriptions'; name: string; reference: string }
  | { kind: 'components'; type: 'parameters' | 'successActions' | 'failureActions' | 'inputs'; name: string }
);

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the text where the problem is. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const STRICT_ID = /[A-Za-z0-9_-]/;
const IDENTIFIER = /[A-Za-z0-9._-]/;
const COMPONENT_TYPES = ['parameters', 'successActions', 'failureActions', 'inputs'] as const;

/** Expression starts this tool recognises; a string that starts with none of them is a literal. */
const HEADS = ['$url', '$method', '$statusCode', '$self', '$request.', '$response.', '$message.', '$inputs.', '$outputs.', '$steps.', '$workflows.', '$sourceDescriptions.', '$components.'];

/** True when `text` is meant as a runtime expression (it starts like one), valid or not. */
export function looksLikeExpression(text: string): boolean {
  return HEADS.some((head) => text.startsWith(head) && (head.endsWith('.') || !/[A-Za-z0-9_]/.test(text[head.length] ?? '')));
}

interface Cursor {
  text: string;
  pos: number;
  note?: string;
  /** `$response.body.a.b` read as a pointer; off in conditions, where `.a` is property access. */
  dottedBody: boolean;
  /** Characters that end a name or pointer (besides the end of the text). */
  stop: (char: string) => boolean;
}

function take(cursor: Cursor, allowed: (char: string) => boolean): string {
  const start = cursor.pos;
  while (cursor.pos < cursor.text.length && allowed(cursor.text[cursor.pos]!) && !cursor.stop(cursor.text[cursor.pos]!)) cursor.pos++;
  return cursor.text.slice(start, cursor.pos);
}

function expect(cursor: Cursor, literal: string, what: string): void {
  if (!cursor.text.startsWith(literal, cursor.pos)) {
    throw new ExpressionSyntaxError(`expected ${what} at '${cursor.text.slice(cursor.pos, cursor.pos + 12) || 'the end'}'`, cursor.pos);
  }
  cursor.pos += literal.length;
}

function required(value: string, cursor: Cursor, what: string): string {
  if (value === '') throw new ExpressionSyntaxError(`${what} is missing`, cursor.pos);
  return value;
}

/** `#/a/b~1c` → ['a', 'b/c']; `~` must be followed by 0 or 1 (RFC 6901). */
function pointer(cursor: Cursor): string[] | undefined {
  if (cursor.text[cursor.pos] !== '#') return undefined;
  cursor.pos++;
  const start = cursor.pos;
  const raw = take(cursor, (c) => c !== '{' && c !== '}');
  if (raw !== '' && !raw.startsWith('/')) throw new ExpressionSyntaxError(`a JSON pointer starts with '/', not '${raw[0]}'`, start);
  if (/~(?![01])/.test(raw)) throw new ExpressionSyntaxError(`'~' in a JSON pointer must be written ~0 (for ~) or ~1 (for /)`, start + raw.search(/~(?![01])/));
  if (raw === '') return [];
  return raw
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function messageSource(cursor: Cursor): MessageSource {
  const rest = cursor.text.slice(cursor.pos);
  for (const form of ['header.', 'headers.']) {
    if (rest.startsWith(form)) {
      cursor.pos += form.length;
      if (form === 'headers.') cursor.note = `write '${cursor.text.slice(0, cursor.pos - 2)}.' (header, singular)`;
      return { kind: 'header', name: required(take(cursor, (c) => TCHAR.test(c)), cursor, 'the header name') };
    }
  }
  for (const kind of ['query', 'path'] as const) {
    if (rest.startsWith(`${kind}.`)) {
      cursor.pos += kind.length + 1;
      return { kind, name: required(take(cursor, (c) => c !== '{' && c !== '}'), cursor, `the ${kind} parameter name`) };
    }
  }
  for (const kind of ['body', 'payload'] as const) {
    if (rest.startsWith(kind) && !/[A-Za-z0-9_-]/.test(rest[kind.length] ?? '')) {
      cursor.pos += kind.length;
      // `$response.body.a.b` is outside the grammar but common (even in the specification's own
      // examples): read it as the pointer /a/b.
      if (cursor.dottedBody && cursor.text[cursor.pos] === '.' && /[A-Za-z0-9_$@-]/.test(cursor.text[cursor.pos + 1] ?? '')) {
        cursor.pos++;
        const path = take(cursor, (c) => c !== '{' && c !== '}' && c !== '#');
        cursor.note = `write '#/${path.split('.').join('/')}' for a JSON pointer into the ${kind}`;
        return { kind, pointer: path.split('.') };
      }
      const p = pointer(cursor);
      return p === undefined ? { kind } : { kind, pointer: p };
    }
  }
  throw new ExpressionSyntaxError(`expected header.NAME, query.NAME, path.NAME, body or payload after '${cursor.text.slice(0, cursor.pos)}'`, cursor.pos);
}

function withPointer<T extends object>(value: T, cursor: Cursor): T & { pointer?: string[] } {
  const p = pointer(cursor);
  return p === undefined ? value : { ...value, pointer: p };
}

function parseAt(cursor: Cursor): RuntimeExpression {
  const start = cursor.pos;
  const rest = cursor.text.slice(start);
  const done = <T extends object>(value: T): RuntimeExpression =>
    ({ ...value, text: cursor.text.slice(start, cursor.pos), ...(cursor.note ? { note: cursor.note } : {}) }) as unknown as RuntimeExpression;
  for (const kind of ['url', 'method', 'statusCode', 'self'] as const) {
    if (rest.startsWith(`$${kind}`) && !/[A-Za-z0-9_]/.test(rest[kind.length + 1] ?? '')) {
      cursor.pos += kind.length + 1;
      return done({ kind });
    }
  }
  for (const kind of ['request', 'response', 'message'] as const) {
    if (rest.startsWith(`$${kind}.`)) {
      cursor.pos += kind.length + 2;
      return done({ kind, source: messageSource(cursor) });
    }
  }
  for (const kind of ['inputs', 'outputs'] as const) {
    if (rest.startsWith(`$${kind}.`)) {
      cursor.pos += kind.length + 2;
      const name = required(take(cursor, (c) => c !== '#' && c !== '{' && c !== '}'), cursor, `the ${kind === 'inputs' ? 'input' : 'output'} name`);
      return done(withPointer({ kind, name }, cursor));
    }
  }
  if (rest.startsWith('$steps.')) {
    cursor.pos += '$steps.'.length;
    const stepId = required(take(cursor, (c) => STRICT_ID.test(c)), cursor, 'the step id');
    const atEnd = () => cursor.pos >= cursor.text.length || cursor.stop(cursor.text[cursor.pos]!) || cursor.text[cursor.pos] === '}';
    if (atEnd()) return done({ kind: 'step', stepId });
    if (cursor.text.startsWith('.outputs', cursor.pos) && !/[A-Za-z0-9_-]/.test(cursor.text[cursor.pos + 8] ?? '') && cursor.text[cursor.pos + 8] !== '.') {
      cursor.pos += '.outputs'.length;
      return done(withPointer({ kind: 'steps', stepId, field: 'outputs' }, cursor));
    }
    if (!cursor.text.startsWith('.outputs.', cursor.pos)) {
      // 1.0's grammar allows any name after $steps.: `$steps.a.token` is read as output `token` of step a.
      if (cursor.text[cursor.pos] !== '.') expect(cursor, '.outputs.', `'.outputs.NAME' after the step id`);
      cursor.pos++;
      const name = required(take(cursor, (c) => c !== '#' && c !== '{' && c !== '}'), cursor, 'the output name');
      cursor.note = `write '$steps.${stepId}.outputs.${name}'`;
      return done(withPointer({ kind: 'steps', stepId, field: 'outputs', name }, cursor));
    }
    cursor.pos += '.outputs.'.length;
    const name = required(take(cursor, (c) => c !== '#' && c !== '{' && c !== '}'), cursor, 'the output name');
    return done(withPointer({ kind: 'steps', stepId, field: 'outputs', name }, cursor));
  }
  if (rest.startsWith('$workflows.')) {
    cursor.pos += '$workflows.'.length;
    const workflowId = required(take(cursor, (c) => STRICT_ID.test(c)), cursor, 'the workflow id');
    for (const field of ['inputs', 'outputs'] as const) {
      if (cursor.text.startsWith(`.${field}.`, cursor.pos)) {
        cursor.pos += field.length + 2;
        const name = required(take(cursor, (c) => c !== '#' && c !== '{' && c !== '}'), cursor, `the ${field === 'inputs' ? 'input' : 'output'} name`);
        return done(withPointer({ kind: 'workflows', workflowId, field, name }, cursor));
      }
    }
    if (cursor.text.startsWith('.steps.', cursor.pos)) {
      cursor.pos += '.steps.'.length;
      const stepId = required(take(cursor, (c) => STRICT_ID.test(c)), cursor, 'the step id');
      if (cursor.text.startsWith('.outputs.', cursor.pos)) {
        cursor.pos += '.outputs.'.length;
        const name = required(take(cursor, (c) => c !== '#' && c !== '{' && c !== '}'), cursor, 'the output name');
        return done(withPointer({ kind: 'workflowStep', workflowId, stepId, name }, cursor));
      }
      return done({ kind: 'workflowStep', workflowId, stepId });
    }
    throw new ExpressionSyntaxError(`expected '.inputs.NAME', '.outputs.NAME' or '.steps.ID' after '$workflows.${workflowId}'`, cursor.pos);
  }
  if (rest.startsWith('$sourceDescriptions.')) {
    cursor.pos += '$sourceDescriptions.'.length;
    const name = required(take(cursor, (c) => STRICT_ID.test(c)), cursor, 'the source description name');
    expect(cursor, '.', `'.' and an operationId, workflowId or field after the source description name`);
    const reference = required(take(cursor, (c) => c !== '{' && c !== '}'), cursor, 'the operationId, workflowId or field');
    return done({ kind: 'sourceDescriptions', name, reference });
  }
  if (rest.startsWith('$components.')) {
    cursor.pos += '$components.'.length;
    const type = take(cursor, (c) => /[A-Za-z]/.test(c));
    if (!(COMPONENT_TYPES as readonly string[]).includes(type)) {
      throw new ExpressionSyntaxError(`'$components.${type}' is not a component type (parameters, successActions, failureActions, inputs)`, start);
    }
    expect(cursor, '.', `'.' and a name after '$components.${type}'`);
    const name = required(take(cursor, (c) => IDENTIFIER.test(c)), cursor, 'the component name');
    return done({ kind: 'components', type: type as (typeof COMPONENT_TYPES)[number], name });
  }
  throw new ExpressionSyntaxError(
    `'${rest.slice(0, 24)}' is not a runtime expression: it starts with $url, $method, $statusCode, $request., $response., $inputs., $outputs., $steps., $workflows., $sourceDescriptions. or $components.`,
    start,
  );
}

/** A whole value that is one expression, e.g. a parameter's `value: $inputs.id`. Throws `ExpressionSyntaxError`. */
export function parseExpression(text: string): RuntimeExpression {
  const cursor: Cursor = { text, pos: 0, stop: () => false, dottedBody: true };
  const expression = parseAt(cursor);
  if (cursor.pos !== text.length) throw new ExpressionSyntaxError(`unexpected '${text.slice(cursor.pos)}' after the expression '${expression.text}'`, cursor.pos);
  return expression;
}

/**
 * One expression starting at `offset`, ending where the grammar or `stop` says, for condition and
 * template scanners. Returns the expression and the offset after it.
 */
export function scanExpression(text: string, offset: number, stop: (char: string) => boolean): { expression: RuntimeExpression; end: number } {
  const cursor: Cursor = { text, pos: offset, stop, dottedBody: false };
  const expression = parseAt(cursor);
  return { expression, end: cursor.pos };
}

export type TemplatePart = { literal: string } | { expression: RuntimeExpression; offset: number };

/**
 * `a{$inputs.x}b` → parts. A `{` not followed by `$` is literal text (JSON payloads are full of
 * braces); `{$…}` must parse and close, or this throws with the offset.
 */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '{' && text[i + 1] === '$') {
      const close = text.indexOf('}', i + 1);
      if (close < 0) throw new ExpressionSyntaxError(`'{$' at offset ${i} is not closed with '}'`, i);
      const inner = text.slice(i + 1, close);
      let expression: RuntimeExpression;
      try {
        expression = parseExpression(inner);
      } catch (error) {
        if (error instanceof ExpressionSyntaxError) throw new ExpressionSyntaxError(error.message, i + 1 + error.offset);
        throw error;
      }
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ expression, offset: i + 1 });
      i = close + 1;
    } else {
      literal += text[i];
      i++;
    }
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return parts;
}

/** True when the string holds at least one `{$…}`. */
export function hasEmbeddedExpression(text: string): boolean {
  return text.includes('{$');
}
