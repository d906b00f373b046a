// Every request of the real-world corpus, read line by line as its own client sends it: the
// method, the URL once its continuation lines are joined, and the header names. The reference
// is httpyac 6's own reading (a devDependency; the client of the httpyac files and, for the
// forms the corpus uses, of REST Client, JetBrains, Visual Studio and the others alike, since
// they agree on them). Where a dialect's client sends something else than httpyac reads, the
// file is listed below with what that client sends and why, and the test holds us to that.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cli, store } from 'httpyac';
import { parseHttp } from '../../src/core/http/parser';
import { corpusDir } from './sharedDir';

const corpus = corpusDir();

interface Row {
  file: string;
  dialect: string;
}

function readSources(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(join(corpus, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 9 || !cells[1]!.startsWith('`')) continue;
    rows.push({ file: cells[1]!.slice(1, -1), dialect: cells[7]! });
  }
  return rows;
}

/** `METHOD URL | Header,Names` for one request. */
type Line = string;

/**
 * Files whose client sends other request lines than httpyac reads, with the reason: `drop` lists
 * what httpyac takes for a request and the client does not (its positions in httpyac's list),
 * `expected` the lines the client sends instead of httpyac's (positions in what remains).
 */
const DEVIATIONS: Record<string, { reason: string; drop?: number[]; expected?: Record<number, Line> }> = {
  'bmcszk__go-restclient__test__data__execute_inplace_vars__malformed_name_only_no_equals_no_value__request.http': {
    reason: 'REST Client: `@name_only_var` without `=` is a broken variable, not a GET (SOURCES.md: httpyac WRONG)',
    drop: [0],
  },
  'mistweaverco__kulala.nvim__lua__tree-sitter__snapshots__advanced.http': {
    reason: 'kulala: `import ./chain.http` is a directive, not a GET (SOURCES.md: httpyac WRONG)',
    drop: [5],
  },
  'HusuSama__zed-kulala-http__test__test.http': {
    reason:
      'kulala: a query continued over lines may end in ` #fragment HTTP/1.1`; a fragment is never sent, and the header lines below it are still headers (httpyac ends the headers at the `#` line). `HTTP/1.1 HTTP/1.1` ends the URL, both words',
    expected: {
      13: 'GET echo.getkulala.net/get?id=1&va_lue=so_me "longer" content&extra=1 | Content-Type',
      20: 'POST http://httpbin.org/users/post?param1=value1&param2=value2 | Content-Type,Accept',
      24: 'GET https://httpbin.org/get?parma | ',
    },
  },
};

let reference: (file: string, text: string) => Promise<Line[]>;
before(() => {
  // httpyac resolves paths through a global file provider its CLI installs (this suite runs in
  // its own process).
  cli.initFileProvider();
  reference = async (file, text) => {
    const parsed = await new store.HttpFileStore().getOrCreate(join(corpus, file), () => Promise.resolve(text), 0, { workingDir: corpus });
    return parsed.httpRegions.filter((region) => region.request).map((region) => `${region.request!.method} ${region.request!.url} | ${Object.keys(region.request!.headers ?? {}).join(',')}`);
  };
});

function ours(text: string): Line[] {
  return parseHttp(text).requests.map((request) => {
    const names: string[] = [];
    for (const header of request.headers) if (!names.includes(header.name)) names.push(header.name);
    return `${request.requestLine!.method} ${request.requestLine!.url} | ${names.join(',')}`;
  });
}

for (const row of readSources()) {
  test(`${row.file} [${row.dialect}]: method, joined URL and header names of every request`, async () => {
    const text = readFileSync(join(corpus, row.file), 'utf8');
    const mine = ours(text);
    const theirs = await reference(row.file, text);
    const deviation = DEVIATIONS[row.file];
    if (!deviation) {
      assert.deepEqual(mine, theirs);
      return;
    }
    const kept = theirs.filter((_, i) => !deviation.drop?.includes(i));
    const overrides = Object.entries(deviation.expected ?? {}).map(([i, line]) => [Number(i), line] as const);
    assert.ok(deviation.drop?.length || overrides.some(([i, line]) => kept[i] !== line), `${row.file} is listed, but httpyac now reads it as its client does: unlist it`);
    const expected = kept.map((line, i) => deviation.expected?.[i] ?? line);
    assert.deepEqual(mine, expected, deviation.reason);
  });
}
