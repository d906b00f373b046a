import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseHttp } from '../../src/core/http/parser';
import { assertNamedRanges, assertRangesInText, assertRequestsOrdered } from '../core/http/treeChecks';
import { corpusDir } from './sharedDir';

// Every real file of the shared corpus, against the request count SOURCES.md accepts: httpyac's
// count, or the hand count where the note says httpyac is wrong ("manual N").
//
// Where we read a file differently from both, the reason is written here. None so far: the
// boundary rule (### always; an upper-case METHOD + URL line after a finished request also
// starts one, except inside a multipart body) gives the accepted count for all 83 files.
// no_delimiter.http and region_separator_kibana.http are counted by httpYac's rule (2), which
// is what their authors wrote them for; REST Client would see 1.
const DEVIATIONS: Record<string, { count: number; reason: string }> = {};

const corpus = corpusDir();

interface Row {
  file: string;
  httpyac: number;
  note: string;
}

function readSources(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(join(corpus, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 9 || !cells[1]!.startsWith('`')) continue;
    rows.push({ file: cells[1]!.slice(1, -1), httpyac: Number(cells[6]), note: cells[8]! });
  }
  return rows;
}

/** The hand count where the note gives one (it differs only where httpyac is wrong), else httpyac's. */
function acceptedCount(row: Row): number {
  const manual = /manual (\d+)/.exec(row.note);
  return manual ? Number(manual[1]) : row.httpyac;
}

test('SOURCES.md lists every file of the corpus', () => {
  const rows = readSources();
  const files = readdirSync(corpus).filter((f) => f !== 'SOURCES.md' && !f.startsWith('.') && !f.endsWith('.tsv'));
  assert.ok(rows.length >= 80, `${rows.length} rows`);
  assert.deepEqual(rows.map((r) => r.file).sort(), files.sort());
});

for (const row of readSources()) {
  const expected = DEVIATIONS[row.file]?.count ?? acceptedCount(row);
  test(`${row.file}: ${expected} requests`, () => {
    const text = readFileSync(join(corpus, row.file), 'utf8');
    const file = parseHttp(text);
    assert.equal(file.requests.length, expected);
    assertRangesInText(file, text);
    assertRequestsOrdered(file);
    assertNamedRanges(file, text);
    assert.ok(!file.diagnostics.some((d) => d.code === 'parse/internal-error'), 'the parser failed');
  });
}

test('files the notes single out are read as the notes say', () => {
  const read = (name: string) => parseHttp(readFileSync(join(corpus, name), 'utf8'));
  // The last body is a bare URL line that must not become a request.
  const etcd = read('117503445__etcd-raft-example__api.http');
  assert.equal(etcd.requests[2]!.body?.text.trim(), 'http://127.0.0.1:42379');
  // A malformed variable line is a diagnostic, not a GET.
  const malformed = read('bmcszk__go-restclient__test__data__execute_inplace_vars__malformed_name_only_no_equals_no_value__request.http');
  assert.deepEqual(malformed.diagnostics.map((d) => d.code), ['parse/malformed-variable']);
  assert.equal(malformed.requests[0]!.requestLine!.url, '{{test_server_url}}/test');
  // `# @name x` above `### title`: the request is named x, with an info to move the line.
  const hmcts = read('hmcts__cp-crime-api-testing-collections__requests__hrds__hrds.http');
  assert.equal(hmcts.requests[0]!.name, 'getHrdsToken');
  assert.equal(hmcts.requests[0]!.title, 'Get Entra Access Token — HRDS scope');
  assert.ok(hmcts.diagnostics.every((d) => d.code === 'parse/directive-before-separator' && d.severity === 'info'));
  // The OData batch body keeps its embedded request lines.
  const odata = read('httpyac__httpyac.github.io__examples__project__formats__odata.http');
  assert.match(odata.requests[0]!.body!.text, /GET \/service\/Customers\('ALFKI'\) HTTP\/1\.1/);
  // kulala's `import` and `run` lines are directives, not requests.
  const kulala = read('mistweaverco__kulala.nvim__lua__tree-sitter__snapshots__advanced.http');
  assert.ok(kulala.requests.every((r) => !/^(import|run)\b/.test(r.requestLine!.url)));
  // The last block of aadToken.http is a request line without a method.
  const aad = read('Huachao__vscode-restclient__test__aadToken.http');
  const last = aad.requests[aad.requests.length - 1]!;
  assert.deepEqual([last.requestLine!.methodImplicit, last.requestLine!.url], [true, '{{$aadToken clear}}']);
  assert.equal(aad.eol, '\r\n');
  // Query continued on indented lines, with `HTTP/1.1` at its end.
  const kulalaQuery = read('HusuSama__zed-kulala-http__test__test.http');
  assert.ok(kulalaQuery.requests.some((r) => r.requestLine!.url === 'httpbin.org/get?name=John&age=30' && r.requestLine!.urlRanges.length === 3));
});
