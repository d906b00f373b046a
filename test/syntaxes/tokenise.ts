import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWASM, createOnigScanner, createOnigString } from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IRawGrammar, type StateStack } from 'vscode-textmate';

// The grammar is read by the same two libraries the editor uses (vscode-textmate drives the
// rules, vscode-oniguruma is the regex engine), so what is asserted here is what VS Code shows.

const root = join(__dirname, '..', '..');

/** One token of one line: its text and its scope stack, outermost first. */
export interface Token {
  text: string;
  start: number;
  scopes: readonly string[];
}

/**
 * A stand-in for `source.json`, which the editor takes from its built-in JSON extension and no
 * package here ships. It is shaped like the real one where it matters to an embedding: objects,
 * arrays and strings are begin/end rules, so the body's `{{…}}` must still be found inside them
 * (what the http grammar's injection is for), and the scope names are the real grammar's.
 */
const JSON_STAND_IN = {
  scopeName: 'source.json',
  patterns: [{ include: '#value' }],
  repository: {
    value: {
      patterns: [
        { include: '#object' },
        { include: '#array' },
        { include: '#string' },
        { match: '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?', name: 'constant.numeric.json' },
        { match: '\\b(?:true|false|null)\\b', name: 'constant.language.json' },
      ],
    },
    object: {
      begin: '\\{',
      end: '\\}',
      beginCaptures: { '0': { name: 'punctuation.definition.dictionary.begin.json' } },
      endCaptures: { '0': { name: 'punctuation.definition.dictionary.end.json' } },
      name: 'meta.structure.dictionary.json',
      patterns: [
        {
          begin: '"',
          end: '"',
          name: 'string.json support.type.property-name.json',
        },
        {
          begin: ':',
          end: '(,)|(?=\\})',
          beginCaptures: { '0': { name: 'punctuation.separator.dictionary.key-value.json' } },
          endCaptures: { '1': { name: 'punctuation.separator.dictionary.pair.json' } },
          name: 'meta.structure.dictionary.value.json',
          patterns: [{ include: '#value' }],
        },
      ],
    },
    array: {
      begin: '\\[',
      end: '\\]',
      beginCaptures: { '0': { name: 'punctuation.definition.array.begin.json' } },
      endCaptures: { '0': { name: 'punctuation.definition.array.end.json' } },
      name: 'meta.structure.array.json',
      patterns: [{ include: '#value' }, { match: ',', name: 'punctuation.separator.array.json' }],
    },
    string: {
      begin: '"',
      end: '"',
      name: 'string.quoted.double.json',
      patterns: [{ match: '\\\\.', name: 'constant.character.escape.json' }],
    },
  },
};

let grammar: Promise<IGrammar> | undefined;

/** The http grammar, loaded once per test process. */
export function httpGrammar(): Promise<IGrammar> {
  grammar ??= load();
  return grammar;
}

async function load(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM({ data: wasm });
  const grammars: Record<string, () => IRawGrammar> = {
    'source.http': () => {
      const path = join(root, 'syntaxes', 'http.tmLanguage.json');
      return parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    'source.json': () => parseRawGrammar(JSON.stringify(JSON_STAND_IN), 'json.tmLanguage.json'),
    // The editor always has these two. Their insides do not matter here, but they must exist:
    // vscode-textmate drops a rule whose only pattern includes a missing grammar, and the
    // `> {% … %}` script rule would silently vanish.
    'source.js': () => emptyGrammar('source.js'),
    'text.xml': () => emptyGrammar('text.xml'),
  };
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: async (scopeName) => grammars[scopeName]?.() ?? null,
  });
  const loaded = await registry.loadGrammar('source.http');
  if (!loaded) throw new Error('source.http did not load');
  return loaded;
}

function emptyGrammar(scopeName: string): IRawGrammar {
  return parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), `${scopeName}.tmLanguage.json`);
}

/** Tokens of every line of `text`, carrying the rule stack from line to line as the editor does. */
export function tokenise(g: IGrammar, text: string): Token[][] {
  const result: Token[][] = [];
  let stack: StateStack = INITIAL;
  // Split and BOM handling as the editor's text model (and the parser's splitLines) do.
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const { tokens, ruleStack } = g.tokenizeLine(line, stack);
    result.push(
      tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes })),
    );
    stack = ruleStack;
  }
  return result;
}
