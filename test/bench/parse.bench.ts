// Parser benchmark: time to parse the generated 5,000-request file with our parser, beside
// httpyac's own parser on the same text in the same process (the baseline).
//
//   npx tsx test/bench/parse.bench.ts [--runs 30] [--processes 5]
//
// httpyac is called the way SOURCES.md of the corpus records it:
// `new HttpFileStore().getOrCreate(path, () => text, 0, { workingDir })`; a new store per run so
// nothing is cached between runs. Both get the same warm-up runs first.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cli, store } from 'httpyac';
import type { Body, Directive, Header, HttpFile, Position, Range, RequestBlock, RequestLine, ScriptBlock, VariableDefinition } from '../../src/core/http/ast';
import { BodyNode, HeaderNode, NameValueNode, NONE, ReferenceNode, RequestLineNode, RequestNode, ScriptNode, VariableNode } from '../../src/core/http/nodes';
import { parseHttp } from '../../src/core/http/parser';
import { emitRow, goalMet } from './benchReport';

const argv = process.argv.slice(2);
const runs = (argv.includes('--runs') && Number(argv[argv.indexOf('--runs') + 1])) || (argv.includes('--quick') ? 10 : 30);
const processes = (argv.includes('--processes') && Number(argv[argv.indexOf('--processes') + 1])) || (argv.includes('--quick') ? 2 : 5);
const file = join(__dirname, '..', 'fixtures', 'http', 'large-5000.http');
const text = readFileSync(file, 'utf8');

// The floor of any parser that returns this tree: the same tree (every node of the class the
// parser makes and every array a new one, as in a fresh parse; the strings shared) built again
// from a parsed copy, reading nothing but its numbers. Nearly all of its time is the garbage
// collector moving the tree out of the young generation, which a parse pays too; the goal's
// ratio is measured against split, this row says how much of it the tree alone costs. The nodes
// keep lines and columns as numbers (nodes.ts), so the copy passes numbers and makes no range.
const list = <T, U>(items: readonly T[], each: (item: T) => U): U[] => (items.length === 0 ? (NONE as U[]) : items.map(each));
const pos = (p: Position): Position => ({ line: p.line, character: p.character });
const rng = (r: Range): Range => ({ start: pos(r.start), end: pos(r.end) });
const directive = (d: Directive) => new NameValueNode(d.name, d.value, d.range.start.line, d.nameRange.start.character, d.valueRange?.start.character ?? -1, d.range.end.character);
const variable = (v: VariableDefinition) => new VariableNode(v.name, v.value, v.scope, v.range.start.line, v.nameRange.start.character, v.valueRange.start.character, v.range.end.character);
const header = (h: Header) => new HeaderNode(h.name, h.value, h.range.start.line, h.nameRange.start.character, h.valueRange.start.character, h.range.end.character);
const script = (x: ScriptBlock) => new ScriptNode(x.kind, x.form, x.text, x.textStart?.line ?? -1, x.textStart?.character ?? 0, x.event, x.range.start.line, x.range.end.line, x.range.end.character);
function requestLine(line: RequestLine): RequestLineNode {
  const [first, ...more] = line.urlRanges;
  const node = new RequestLineNode(line.method, line.methodImplicit, line.url.slice(0, first!.end.character - first!.start.character), line.httpVersion, line.range.start.line, line.range.start.character, first!.start.line === line.range.end.line ? line.range.end.character : 0, first!.start.character);
  for (const piece of more) node.extend(line.url, piece.start.line, piece.start.character, piece.end.character, line.range.end.character);
  return node;
}
function body(b: Body): BodyNode {
  const segments = b.segments.length === 1 && b.segments[0]!.type === 'text' ? undefined : b.segments.map((x) => (x.type === 'text' ? { type: x.type, text: x.text, range: rng(x.range) } : { type: x.type, path: x.path, processVariables: x.processVariables, encoding: x.encoding, range: rng(x.range), pathRange: rng(x.pathRange) }));
  return new BodyNode(segments, b.text, b.range.start.line, b.range.end.line, b.range.end.character);
}
function rebuildRequest(q: RequestBlock): RequestNode {
  const block = { title: q.title, comments: list(q.comments, rng), requestLine: requestLine(q.requestLine!), headers: list(q.headers, header), scripts: list(q.scripts, script) };
  const separatorEnd = q.separatorRange ? q.separatorRange.end.character : -1;
  return new RequestNode(q.index, block, q.name, list(q.directives, directive), list(q.variables, variable), undefined, q.body && body(q.body), q.range.start.line, separatorEnd, q.range.end.line, q.range.end.character);
}
function rebuild(file: HttpFile): HttpFile {
  return {
    directives: file.directives.map(directive),
    variables: file.variables.map(variable),
    requests: file.requests.map(rebuildRequest),
    references: file.references.map((r) => new ReferenceNode(r.expression, r.kind, r.name, r.range.start.line, r.range.start.character, r.range.end.character, r.innerRange.start.character)),
    diagnostics: file.diagnostics.map((d) => ({ ...d, range: rng(d.range) })),
    lineCount: file.lineCount,
    eol: file.eol,
    bom: file.bom,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  median: number;
  p95: number;
  cpuMedian: number;
}

type Once = () => Promise<number> | number;

interface Samples {
  times: number[];
  cpu: number[];
  requests: number;
}

/**
 * Wall time per run, and the process's CPU time per run beside it: on a shared machine the
 * wall time also counts waiting for a core, the CPU time does not (it does count GC threads).
 * The contenders run in turns (a run of each, then again), as the engine bench interleaves its
 * rounds: a drift in the machine's load, or a garbage collection left over from the previous
 * contender's runs, then falls on every one alike instead of on whichever ran during it.
 */
async function sample(contenders: Once[]): Promise<Samples[]> {
  const warmup = Math.max(3, Math.floor(runs / 5));
  for (let i = 0; i < warmup; i++) for (const once of contenders) await once();
  const samples = contenders.map((): Samples => ({ times: [], cpu: [], requests: 0 }));
  for (let i = 0; i < runs; i++) {
    for (const [k, once] of contenders.entries()) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      samples[k]!.requests = await once();
      samples[k]!.times.push(Number(process.hrtime.bigint() - start) / 1e6);
      const used = process.cpuUsage(cpuStart);
      samples[k]!.cpu.push((used.user + used.system) / 1000);
    }
  }
  return samples;
}

function summarise(label: string, s: Samples): Figures {
  const result = { median: percentile(s.times, 50), p95: percentile(s.times, 95), cpuMedian: percentile(s.cpu, 50) };
  const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
  console.log(`${label.padEnd(28)} requests ${String(s.requests).padStart(5)}  median ${ms(result.median)}  p95 ${ms(result.p95)}  cpu median ${ms(result.cpuMedian)}`);
  return result;
}

// One process's runs of ours, the rebuilt tree and split, interleaved, as one line of JSON.
const WORKER = '--parse-worker';
async function worker(): Promise<void> {
  const parsed = parseHttp(text);
  // The floor of the goal: reading the same text line by line and nothing else.
  // Each tree-building contender beside split only: the rebuilt tree's garbage collections would
  // otherwise fall in ours (and ours in it), which no editor pays, as it parses without rebuilding.
  const tree = argv[argv.indexOf(WORKER) + 1] === 'rebuild' ? () => rebuild(parsed).requests.length : () => parseHttp(text).requests.length;
  const samples = await sample([tree, () => text.split('\n').length]);
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

/**
 * The runs of several fresh processes, pooled. Within one process the figures settle into one
 * of two modes for good (parseHttp ~12 or ~20 ms), by where V8's young-generation collections
 * fall and whether it starts to allocate the tree's objects straight into the old generation;
 * which mode a process gets varies from one start to the next, as it does for the editor's
 * extension host. One process's median would report a coin toss. Ours and the rebuilt tree run
 * in processes of their own, each beside split.
 */
function pooled(contender: 'ours' | 'rebuild'): { tree: Samples; split: Samples } {
  const pool = { tree: { times: [], cpu: [], requests: 0 } as Samples, split: { times: [], cpu: [], requests: 0 } as Samples };
  for (let p = 0; p < processes; p++) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, WORKER, contender, '--runs', String(runs)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`parse worker exited ${child.status}: ${child.stderr.slice(-500)}`);
    const [tree, split] = JSON.parse(child.stdout.trim().split('\n').pop()!) as Samples[];
    for (const [into, from] of [[pool.tree, tree!], [pool.split, split!]] as const) {
      into.times.push(...from.times);
      into.cpu.push(...from.cpu);
      into.requests = from.requests;
    }
  }
  return pool;
}

async function main(): Promise<void> {
  // Only a floor if it builds the same tree (this file has no header spreads or global scripts).
  // Checked here, not in the workers: two JSON texts of the tree (tens of MB) left the worker's
  // heap so that V8 moved the tree's allocations into the old generation, and the runs after it
  // measured that rather than the parser (33–49 allocation sites tenured against 1–3 without).
  const parsed = parseHttp(text);
  if (JSON.stringify(rebuild(parsed)) !== JSON.stringify(parsed)) throw new Error('the rebuilt tree differs from the parsed one');
  console.log(`parse ${file} (${(text.length / 1024).toFixed(0)} KiB; ${processes} processes of ${runs} runs each after warm-up, pooled)`);
  const oursPool = pooled('ours');
  const floorPool = pooled('rebuild');
  const ours = summarise('register-explorer parseHttp', oursPool.tree);
  const split = summarise("text.split('\\n')", oursPool.split);
  const floor = summarise('same tree, rebuilt (floor)', floorPool.tree);
  const floorSplit = summarise("text.split('\\n') beside it", floorPool.split);
  // httpyac on its own in this process: a run of it allocates a hundred times what ours does.
  // httpyac reads paths through a global file provider that its CLI installs first.
  cli.initFileProvider();
  const [baselineRuns] = await sample([
    async () => {
      const parsed = await new store.HttpFileStore().getOrCreate(file, () => Promise.resolve(text), 0, { workingDir: dirname(file) });
      return parsed.httpRegions.filter((region) => region.request).length;
    },
  ]);
  const baseline = summarise('httpyac 6 HttpFileStore', baselineRuns!);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
  console.log(`ratio (httpyac / ours): median ${ratio(baseline.median, ours.median)}  p95 ${ratio(baseline.p95, ours.p95)}  cpu median ${ratio(baseline.cpuMedian, ours.cpuMedian)}`);
  const vsSplit = ours.median / split.median;
  console.log(`ratio (tree rebuilt / split('\\n') beside it): median ${(floor.median / floorSplit.median).toFixed(1)}x, cpu median ${(floor.cpuMedian / floorSplit.cpuMedian).toFixed(1)}x; ours / tree rebuilt: median ${(ours.median / floor.median).toFixed(1)}x`);
  console.log(`ratio (ours / split('\\n')): median ${vsSplit.toFixed(1)}x (goal ≤ 10×${goalMet(vsSplit, '≤ 10×') ? ', met' : ', NOT met'})`);
  emitRow({ bench: 'parse', name: `parseHttp, ${(text.length / 1024).toFixed(0)} KiB / 5,000 requests`, median: ours.median, p95: ours.p95, unit: 'ms', ratio: vsSplit, versus: "split('\\n')", goal: '≤ 10×', met: goalMet(vsSplit, '≤ 10×') });
  emitRow({ bench: 'parse', name: 'httpyac 6 parser, same file', median: baseline.median, p95: baseline.p95, unit: 'ms', ratio: baseline.median / ours.median, versus: 'parseHttp' });
  emitRow({ bench: 'parse', name: "split('\\n'), same file", median: split.median, p95: split.p95, unit: 'ms' });
  emitRow({ bench: 'parse', name: 'same tree rebuilt, no parsing (floor)', median: floor.median, p95: floor.p95, unit: 'ms', ratio: floor.median / floorSplit.median, versus: "split('\\n')" });
}

void (argv.includes(WORKER) ? worker() : main());
