// The `q=` language of the register's zoeken endpoints: a subset of Lucene query syntax (the
// register hands `q` to Elasticsearch's query_string). Supported: `field:value`, bare terms
// (any field), "phrases", `*` and `?` wildcards, `AND` / `OR` / `NOT` (also `&&`, `||`, `!`,
// `-term`), parentheses, `field:(a OR b)`, ranges `[a TO b]` / `{a TO b}` and comparisons
// `field:<=14`, `field:>=14`, `field:<x`, `field:>x`. Juxtaposed terms are OR-ed, as in Lucene.

export type QueryNode =
  | { kind: 'all' }
  | { kind: 'term'; field?: string; value: string }
  | { kind: 'phrase'; field?: string; value: string }
  | { kind: 'range'; field?: string; lower?: string; upper?: string; includeLower: boolean; includeUpper: boolean }
  | { kind: 'and' | 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

export class QuerySyntaxError extends Error {}

/** As Elasticsearch's `indices.query.bool.max_clause_count`: more terms than this are refused. */
export const MAX_CLAUSES = 1024;
/** Nesting of parentheses and NOT: deeper would only serve to exhaust the stack. */
export const MAX_DEPTH = 64;

const STOP = new Set([' ', '\t', '\n', '\r', '(', ')']);

class Parser {
  private pos = 0;
  private clauses = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new QuerySyntaxError(`De zoekopdracht is te diep genest (meer dan ${MAX_DEPTH} niveaus haakjes of NOT) in q.`);
  }

  private clause<T extends QueryNode>(node: T): T {
    if (++this.clauses > MAX_CLAUSES) throw new QuerySyntaxError(`De zoekopdracht heeft meer dan ${MAX_CLAUSES} termen in q.`);
    return node;
  }

  parse(): QueryNode {
    const node = this.parseOr(undefined);
    this.skipWs();
    if (this.pos < this.text.length) throw new QuerySyntaxError(`Onverwacht teken '${this.text[this.pos]}' op positie ${this.pos + 1} in q.`);
    return node;
  }

  private skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peekKeyword(...words: string[]): string | undefined {
    this.skipWs();
    for (const word of words) {
      if (!this.text.startsWith(word, this.pos)) continue;
      const after = this.text[this.pos + word.length];
      const symbolic = !/[A-Z]/.test(word[0]!);
      if (symbolic || after === undefined || STOP.has(after)) return word;
    }
    return undefined;
  }

  private atGroupEnd(): boolean {
    this.skipWs();
    return this.pos >= this.text.length || this.text[this.pos] === ')';
  }

  private parseOr(field: string | undefined): QueryNode {
    const children = [this.parseAnd(field)];
    for (;;) {
      if (this.atGroupEnd()) break;
      const keyword = this.peekKeyword('OR', '||');
      if (keyword) this.pos += keyword.length;
      children.push(this.parseAnd(field));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseAnd(field: string | undefined): QueryNode {
    const children = [this.parseUnary(field)];
    for (;;) {
      const keyword = this.peekKeyword('AND', '&&');
      if (!keyword) break;
      this.pos += keyword.length;
      children.push(this.parseUnary(field));
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private parseUnary(field: string | undefined): QueryNode {
    const keyword = this.peekKeyword('NOT', '!', '-', '+');
    if (keyword === '+') {
      this.pos += 1;
      this.enter();
      const node = this.parseUnary(field);
      this.depth--;
      return node;
    }
    if (keyword) {
      this.pos += keyword.length;
      this.enter();
      const child = this.parseUnary(field);
      this.depth--;
      return { kind: 'not', child };
    }
    return this.parsePrimary(field);
  }

  private parsePrimary(field: string | undefined): QueryNode {
    this.skipWs();
    const char = this.text[this.pos];
    if (char === undefined) throw new QuerySyntaxError('Onvolledige zoekopdracht in q.');
    if (char === ')') throw new QuerySyntaxError(`Onverwacht ')' op positie ${this.pos + 1} in q.`);
    if (char === '(') return this.parseGroup(field);
    if (char === '"') return this.clause({ kind: 'phrase', field, value: this.readPhrase() });
    if (char === '[' || char === '{') return this.clause(this.readRange(field));
    if (field !== undefined && (char === '<' || char === '>')) return this.clause(this.readComparison(field));
    const word = this.readWord(true);
    if (this.text[this.pos] === ':') {
      if (field !== undefined) throw new QuerySyntaxError(`Een veld binnen een veld ('${word}:') wordt niet ondersteund in q.`);
      if (word === '') throw new QuerySyntaxError(`Veldnaam ontbreekt voor ':' op positie ${this.pos + 1} in q.`);
      this.pos++;
      const next = this.text[this.pos];
      if (next === undefined || /\s/.test(next)) throw new QuerySyntaxError(`Waarde ontbreekt na '${word}:' in q.`);
      return this.parsePrimary(word);
    }
    if (word === '') throw new QuerySyntaxError(`Onverwacht teken op positie ${this.pos + 1} in q.`);
    if (word === '*') return field === undefined ? { kind: 'all' } : this.clause({ kind: 'term', field, value: '*' });
    return this.clause({ kind: 'term', field, value: word });
  }

  private parseGroup(field: string | undefined): QueryNode {
    this.pos++;
    this.enter();
    const inner = this.parseOr(field);
    this.depth--;
    this.skipWs();
    if (this.text[this.pos] !== ')') throw new QuerySyntaxError("Haakje ')' ontbreekt in q.");
    this.pos++;
    return inner;
  }

  private readPhrase(): string {
    const end = this.text.indexOf('"', this.pos + 1);
    if (end < 0) throw new QuerySyntaxError('Aanhalingsteken ontbreekt in q.');
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  /** Reads up to whitespace or a parenthesis; `:` ends it too when a field name is allowed. */
  private readWord(stopAtColon: boolean): string {
    let out = '';
    while (this.pos < this.text.length) {
      const char = this.text[this.pos]!;
      if (STOP.has(char) || (stopAtColon && char === ':')) break;
      if (char === '\\' && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      out += char;
      this.pos++;
    }
    return out;
  }

  private readRange(field: string | undefined): QueryNode {
    const includeLower = this.text[this.pos] === '[';
    const close = this.text.slice(this.pos).search(/[\]}]/);
    if (close < 0) throw new QuerySyntaxError("Bereik zonder ']' of '}' in q.");
    const end = this.pos + close;
    const includeUpper = this.text[end] === ']';
    const parts = this.text.slice(this.pos + 1, end).trim().split(/\s+TO\s+/);
    if (parts.length !== 2) throw new QuerySyntaxError("Een bereik heeft de vorm [van TO tot] in q.");
    this.pos = end + 1;
    const bound = (v: string) => (v === '*' ? undefined : v.replace(/^"|"$/g, ''));
    return { kind: 'range', field, lower: bound(parts[0]!), upper: bound(parts[1]!), includeLower, includeUpper };
  }

  private readComparison(field: string): QueryNode {
    const operator = this.text.startsWith('<=', this.pos) || this.text.startsWith('>=', this.pos) ? this.text.slice(this.pos, this.pos + 2) : this.text[this.pos]!;
    this.pos += operator.length;
    const value = this.readWord(false);
    if (value === '') throw new QuerySyntaxError(`Waarde ontbreekt na '${field}:${operator}' in q.`);
    const inclusive = operator.length === 2;
    return operator.startsWith('<')
      ? { kind: 'range', field, upper: value, includeLower: true, includeUpper: inclusive }
      : { kind: 'range', field, lower: value, includeLower: inclusive, includeUpper: true };
  }
}

export function parseLuceneQuery(q: string): QueryNode {
  if (q.trim() === '') return { kind: 'all' };
  return new Parser(q).parse();
}
