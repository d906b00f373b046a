// Completion and diagnostics benchmark: a 5,000-line request file against a generated 5 MB
// OpenAPI description (H5's generator). Prints first-call and warm p50/p95 for:
//   - body-property completion deep in a JSON body, beside vscode-json-languageservice doing the
//     same completion with the same schema (the description's component schemas as JSON Schema
//     definitions) in the same process — the baseline and the ratio;
//   - path completion (every template of the description);
//   - full-document diagnostics (first call compiles the validators it needs).
//
//   npx tsx test/bench/complete.bench.ts [--runs 50]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { generateOpenApi } from '../fixtures/openapi/generate';
import { loadOpenApi } from '../../src/core/openapi/loadOpenApi';
import { parseDocumentText } from '../../src/core/openapi/parseDocumentText';
import { parseHttp } from '../../src/core/http/parser';
import { complete } from '../../src/core/language/completion';
import { emitRow } from './benchReport';
import { diagnose, diagnoseAsync } from '../../src/core/language/diagnostics';
import type { LanguageContext, LanguageDocument } from '../../src/core/language/types';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || (argv.includes('--quick') ? 15 : 50);
const BASE = 'http://127.0.0.1:7499/api';
const TARGET = 40; // the resource whose body the cursor is in

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measure(label: string, once: () => Promise<number> | number): Promise<{ first: number; p50: number; p95: number; count: number }> {
  let start = process.hrtime.bigint();
  let count = await once();
  const first = ms(start);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = process.hrtime.bigint();
    count = await once();
    times.push(ms(start));
  }
  const result = { first, p50: percentile(times, 50), p95: percentile(times, 95), count };
  console.log(`${label.padEnd(46)} items ${String(count).padStart(5)}  first ${first.toFixed(2).padStart(8)} ms  p50 ${result.p50.toFixed(3).padStart(8)} ms  p95 ${result.p95.toFixed(3).padStart(8)} ms`);
  return result;
}

/** 500 blocks of 10 lines against resources r0…r499; the cursor's block is the 251st. */
function requestFile(): { text: string; cursorLine: number; cursorCharacter: number; body: string; bodyCursor: number } {
  const blocks: string[] = [];
  let cursorLine = 0;
  let cursorCharacter = 0;
  const body = '{\n  "naam": "x",\n  "status": "actief",\n  "vorige": {"naam": "y", "ouder": {"status": "gestopt", }}\n}';
  const bodyCursor = body.indexOf('"gestopt", ') + '"gestopt", '.length;
  // the other bodies are valid, with one schema error each, so diagnostics validate every one
  const valid = '{\n  "naam": "x",\n  "status": "actief",\n  "vorige": {"naam": "y", "ouder": {"naam": "z", "status": "weg"}}\n}';
  for (let i = 0; i < 500; i++) {
    const resource = i === 250 ? TARGET : i;
    const lines =
      i % 2 === 0
        ? [`### create ${i}`, `POST {{baseUrl}}/r${resource}`, 'Content-Type: application/json', '', ...(i === 250 ? body : valid).split('\n'), '']
        : [`### read ${i}`, `# @name read${i}`, `GET {{baseUrl}}/r${resource}/A${String(i).padStart(7, '0')}?page=2`, 'Accept: application/json', '', '', '', '', '', ''];
    if (i === 250) {
      const before = blocks.join('\n').split('\n').length;
      const lineInBody = body.slice(0, bodyCursor).split('\n').length - 1;
      cursorLine = before + 4 + lineInBody;
      cursorCharacter = bodyCursor - (body.lastIndexOf('\n', bodyCursor - 1) + 1);
    }
    blocks.push(lines.join('\n'));
  }
  return { text: blocks.join('\n'), cursorLine, cursorCharacter, body, bodyCursor };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'regx-bench-complete-'));
  try {
    const generated = await generateOpenApi(join(dir, 'big.yaml'), { targetBytes: 5 * 1024 * 1024, format: 'yaml' });
    let start = process.hrtime.bigint();
    const index = await loadOpenApi(generated.path, { readFile: (p) => readFile(p) });
    console.log(`description ${(generated.bytes / 1024 / 1024).toFixed(1)} MB, ${generated.operations} operations, indexed in ${ms(start).toFixed(0)} ms`);

    const file = requestFile();
    const doc: LanguageDocument = { text: file.text, file: parseHttp(file.text) };
    console.log(`request file: ${file.text.split('\n').length} lines, ${doc.file.requests.length} requests; ${runs} warm runs each\n`);
    const context: LanguageContext = { index, baseUrl: BASE, variables: [{ name: 'baseUrl', value: BASE, source: 'environment' }] };
    const at = { line: file.cursorLine, character: file.cursorCharacter };

    const ours = await measure('register-explorer: body property completion', () => complete(doc, at, context).length);
    await measure('register-explorer: path completion', () => complete(doc, { line: file.cursorLine - 6, character: 20 }, context).length);

    // The baseline: the same request schema, as the JSON language service takes schemas.
    const raw = parseDocumentText(readFileSync(generated.path, 'utf8'), generated.path) as { components: { schemas: Record<string, unknown> } };
    const definitions = JSON.parse(JSON.stringify(raw.components.schemas).replaceAll('#/components/schemas/', '#/definitions/')) as Record<string, JSONSchema>;
    const schema: JSONSchema = { $ref: `#/definitions/Resource${String(TARGET).padStart(5, '0')}`, definitions };
    const service = getLanguageService({});
    service.configure({ validate: false, schemas: [{ uri: 'regx://bench/body.schema.json', fileMatch: ['*.json'], schema }] });
    const textDocument = TextDocument.create('file:///bench/body.json', 'json', 1, file.body);
    const jsonDocument = service.parseJSONDocument(textDocument);
    const position = textDocument.positionAt(file.bodyCursor);
    const baseline = await measure('vscode-json-languageservice: same completion', async () => (await service.doComplete(textDocument, position, jsonDocument))?.items.length ?? 0);
    console.log(`ratio (ours / json-languageservice): first ${(ours.first / baseline.first).toFixed(2)}x  p50 ${(ours.p50 / baseline.p50).toFixed(2)}x  p95 ${(ours.p95 / baseline.p95).toFixed(2)}x\n`);
    emitRow({ bench: 'complete', name: 'body completion, 5 MB description', median: ours.p50, p95: ours.p95, unit: 'ms', ratio: ours.p50 / baseline.p50, versus: 'vscode-json-languageservice' });

    // First pass in the editor's way (diagnoseAsync), on a freshly loaded index so the validators
    // are compiled during it: the total, and the longest the event loop was held.
    const fresh: LanguageContext = { ...context, index: await loadOpenApi(generated.path, { readFile: (p) => readFile(p) }) };
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    start = process.hrtime.bigint();
    await diagnoseAsync(doc, fresh);
    const asyncTotal = ms(start);
    delay.disable();
    console.log(`diagnoseAsync first pass: ${asyncTotal.toFixed(0)} ms in total, event loop held at most ${(delay.max / 1e6).toFixed(0)} ms at a time`);

    start = process.hrtime.bigint();
    const diagnostics = diagnose(doc, context);
    const codes = new Map<string, number>();
    for (const d of diagnostics) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
    console.log(`full-document diagnostics: first call ${ms(start).toFixed(1)} ms (compiles a validator per request schema): ${[...codes].map(([c, n]) => `${n} ${c}`).join(', ')}`);
    const diagnosed = await measure('register-explorer: full-document diagnostics', () => diagnose(doc, context).length);
    emitRow({ bench: 'complete', name: 'diagnostics, 5,000-line file, 5 MB description', median: diagnosed.p50, p95: diagnosed.p95, unit: 'ms' });
    emitRow({ bench: 'complete', name: 'diagnostics first pass (diagnoseAsync)', median: asyncTotal, unit: 'ms' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
