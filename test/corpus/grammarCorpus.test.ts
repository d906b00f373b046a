import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { parseHttp } from '../../src/core/http/parser';
import { httpGrammar, tokenise, type Token } from '../syntaxes/tokenise';
import { corpusDir } from './sharedDir';

// The real-world corpus through the TextMate grammar (syntaxes/http.tmLanguage.json, tokenised
// as the editor does): the grammar must colour a request line wherever the parser (the one that
// decides what is sent) finds one, and nowhere else.

const corpus = corpusDir();
const METHOD = 'keyword.control.method.http';
const REQUEST_LINE = 'meta.request-line.http';

let grammar: IGrammar;
before(async () => {
  grammar = await httpGrammar();
});

function lines(text: string): Token[][] {
  return tokenise(grammar, text);
}

function describe(tokens: readonly Token[]): string {
  return tokens.map((t) => `  ${JSON.stringify(t.text)}: ${t.scopes.slice(1).join(' ')}`).join('\n');
}

function isRequestLine(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.scopes.includes(METHOD) || t.scopes.includes(REQUEST_LINE));
}

/**
 * Corpus files where a regex grammar cannot read the requests as the parser does, with the
 * reason. None today; add the file name and why, rather than loosening the check below.
 */
const LIMITS: Readonly<Record<string, string>> = {};

const corpusFiles = readdirSync(corpus).filter((f) => /\.(?:http|rest)$/.test(f));

test('the corpus is there to check against', () => {
  assert.ok(corpusFiles.length >= 80, `${corpusFiles.length} files in ${corpus}`);
});

for (const file of corpusFiles) {
  test(`corpus ${file}: the grammar sees a request line exactly where the parser does`, () => {
    const text = readFileSync(join(corpus, file), 'utf8');
    const tokenised = lines(text);
    const parsed = parseHttp(text);
    const expected = new Set<number>();
    const missing: string[] = [];
    for (const request of parsed.requests) {
      const requestLine = request.requestLine;
      assert.ok(requestLine, `request ${request.index} has no request line`);
      const line = requestLine.range.start.line;
      expected.add(line);
      const tokens = tokenised[line] ?? [];
      const method = requestLine.methodRange;
      const found = method
        ? tokens.some((t) => t.start === method.start.character && t.scopes.includes(METHOD))
        : tokens.some((t) => t.scopes.includes(REQUEST_LINE));
      if (!found) missing.push(`line ${line + 1}:\n${describe(tokens)}`);
    }
    const extra = tokenised.flatMap((tokens, line) =>
      !expected.has(line) && isRequestLine(tokens) ? [`line ${line + 1}:\n${describe(tokens)}`] : [],
    );
    const limit = LIMITS[file];
    if (limit !== undefined) {
      assert.ok(missing.length + extra.length > 0, `${file} is listed as a limit (${limit}) but now agrees: unlist it`);
      return;
    }
    assert.deepEqual(missing, [], `request lines the grammar misses in ${file}`);
    assert.deepEqual(extra, [], `lines the grammar takes for request lines in ${file}`);
  });
}
