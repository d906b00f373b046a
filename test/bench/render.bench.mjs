// Webview rendering: time to first screen and peak memory of the response body viewer for a
// 50 MB JSON body, and of the historiek timeline for 10,000 gebeurtenissen. The built bundles
// (dist/webview/*.js) run in Chromium (playwright-core) under the panels' CSP with a stub host
// that sends the body the way ResponsePanel does (a 256 KB chunk, then 2 MB chunks, each a copy in
// its own task, at most 4 MB ahead of what the page acknowledged), transferred to the page as VS Code's
// webview frame hands messages to the panel's frame (the host's copies live in other processes). Baseline in the same page: JSON.parse of the same body, what a viewer that parses
// first would block the page for. Memory is the renderer process's resident set growth (sampled
// from /proc while it loads), so the body's ArrayBuffers count too.
//
//   flock /tmp/regx-bench.lock node test/bench/render.bench.mjs [--runs 5] [--mb 50] [--events 10000] [--no-build]
// Goals (issue 17): first screen < 300 ms; memory ≤ 3× the body.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => Number(argv[argv.indexOf(`--${name}`) + 1] ?? 0) || fallback;
const RUNS = arg('runs', 5);
const MB = arg('mb', 50);
const EVENTS = arg('events', 10_000);
const CHROMIUM = process.env.REGX_CHROMIUM ?? '/usr/bin/chromium';

if (!argv.includes('--no-build') || !existsSync(join(root, 'dist/webview/response.js'))) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or REGX_CHROMIUM=…)`);
  process.exit(1);
}

/** A registry-like search answer of about `mb` MB: verenigingen with nested locaties, as one line. */
function bigJson(mb) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const item = JSON.stringify({
      vCode: `V${String(1000000 + i).padStart(7, '0')}`,
      naam: `Vereniging ${i} <img src=x onerror=alert(${i})>`,
      korteNaam: `V${i}`,
      status: i % 7 ? 'Actief' : 'Gestopt',
      doelgroep: { minimumleeftijd: i % 18, maximumleeftijd: 150 },
      locaties: [{ locatieId: 1, locatietype: 'Activiteiten', isPrimair: true, adres: { straatnaam: 'Kerkstraat', huisnummer: String(i % 200), postcode: '9000', gemeente: 'Gent' } }],
      hoofdactiviteiten: [{ code: 'SPRT', naam: 'Sport' }],
    });
    parts.push(item);
    size += item.length + 1;
  }
  return `{"verenigingen":[${parts.join(',')}],"metadata":{"totaal":${parts.length}}}`;
}

function historiekView(count) {
  const spec = { replay: { FeitelijkeVerenigingWerdGeregistreerd: [{ op: 'set', path: '', from: '' }], NaamWerdGewijzigd: [{ op: 'set', path: 'naam', from: 'naam' }], KorteNaamWerdGewijzigd: [{ op: 'set', path: 'korteNaam', from: 'korteNaam' }] } };
  const types = ['NaamWerdGewijzigd', 'KorteNaamWerdGewijzigd', 'OnbekendeGebeurtenis'];
  const gebeurtenissen = Array.from({ length: count }, (_, index) => {
    const type = index === 0 ? 'FeitelijkeVerenigingWerdGeregistreerd' : types[index % 3];
    const data = index === 0 ? { vCode: 'V0001001', naam: 'Start', korteNaam: 'S' } : type === 'NaamWerdGewijzigd' ? { naam: `Naam ${index}` } : { korteNaam: `K${index}` };
    return { index, type, beschrijving: `${type} nummer ${index}`, initiator: `OVO00000${index % 5}`, tijdstip: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'), data };
  });
  return { subject: 'V0001001', subjectName: 'vCode', registry: 'vr-beheer', environment: 'sandbox', source: 'GET /v1/verenigingen/V0001001/historiek', fetchedAt: new Date().toISOString(), gebeurtenissen, replay: spec.replay };
}

const dir = mkdtempSync(join(tmpdir(), 'regx-render-bench-'));
const NONCE = 'bench';
writeFileSync(join(dir, 'theme.css'), 'html{--vscode-font-family:sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;--vscode-editor-font-size:13px;} body{margin:0}');
writeFileSync(
  join(dir, 'stub.js'),
  `window.__posted=[];let state;
let received=0;let wake;
window.acquireVsCodeApi=()=>({postMessage:(m)=>{if(m.type==='bodyAck'){received=m.received;wake?.();return;}window.__posted.push(m);if(m.type==='body')stream(m);},getState:()=>state,setState:(s)=>{state=s;}});
function stream(m){const bytes=window.__body;let offset=0;let first=true;received=0;
const next=()=>{if(offset-received>4194304){wake=()=>{wake=undefined;setTimeout(next,0);};return;}
const size=first?262144:2097152;first=false;const end=Math.min(bytes.length,offset+size);
const chunk=bytes.slice(offset,end);window.postMessage({type:'bodyChunk',responseId:m.responseId,offset,bytes:chunk,last:end>=bytes.length},'*',[chunk.buffer]);offset=end;
if(offset<bytes.length)setTimeout(next,0);else window.postMessage({type:'reply',requestId:m.requestId,ok:true},'*');};setTimeout(next,0);}`,
);
function page(bundle, css) {
  const file = join(dir, `${bundle}.html`);
  // The panels' CSP (webviewHtml.ts) plus connect-src for the stub host's fetch of the body.
  writeFileSync(
    file,
    `<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file: 'nonce-${NONCE}'; img-src file: blob:; script-src 'nonce-${NONCE}'; connect-src http://127.0.0.1:*">
<link rel="stylesheet" href="file://${dir}/theme.css" nonce="${NONCE}"><link rel="stylesheet" href="file://${root}/media/components.css" nonce="${NONCE}"><link rel="stylesheet" href="file://${root}/media/${css}" nonce="${NONCE}"></head>
<body><main id="root"></main><script nonce="${NONCE}" src="file://${dir}/stub.js"></script><script nonce="${NONCE}" src="file://${root}/dist/webview/${bundle}.js"></script></body></html>`,
  );
  return `file://${file}`;
}

const body = Buffer.from(bigJson(MB));
const server = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*' });
  response.end(request.url === '/small' ? body.subarray(0, 0) : body);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const bodyUrl = `http://127.0.0.1:${server.address().port}/body`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--js-flags=--expose-gc', '--renderer-process-limit=1'] });

function rss(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function renderers() {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** Runs `load` in a fresh page; returns its timings and the renderers' peak RSS growth during it. */
async function measure(url, prepare, load) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  if (process.env.REGX_BENCH_DEBUG) tab.on('console', (m) => console.log(`  page ${m.type()}: ${m.text()}`));
  await tab.goto(url);
  await prepare(tab);
  await tab.evaluate(() => globalThis.gc?.());
  const pids = await renderers();
  const before = pids.map(rss);
  const peak = [...before];
  const sampler = setInterval(() => pids.forEach((pid, i) => (peak[i] = Math.max(peak[i], rss(pid)))), 10);
  const profiler = process.env.REGX_BENCH_PROFILE ? await context.newCDPSession(tab) : undefined;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
  const result = await load(tab).catch((error) => {
    throw new Error(`${error.message}${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`);
  });
  clearInterval(sampler);
  if (profiler) printProfile((await profiler.send('Profiler.stop')).profile);
  pids.forEach((pid, i) => (peak[i] = Math.max(peak[i], rss(pid))));
  const growth = Math.max(...peak.map((p, i) => p - before[i]));
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { ...result, growth };
}

const responseView = (size) => ({
  type: 'show',
  view: {
    id: 'r1', title: 'GET /v1/verenigingen/zoeken', startedAt: new Date().toISOString(),
    request: { method: 'GET', url: 'http://127.0.0.1:7402/v1/verenigingen/zoeken', headers: [] },
    status: { code: 200, text: '200 OK', tone: 'success' }, timings: [{ label: 'Total', ms: 900 }], totalMs: 900, headers: [['content-type', 'application/json']],
    body: { kind: 'file', text: '', size, sizeLabel: `${(size / 1048576).toFixed(1)} MB`, contentType: 'application/json', truncated: true, file: '/tmp/body.bin', fetchable: true }, redirects: [],
  },
});

async function bodyRun() {
  return measure(
    page('response', 'response.css'),
    (tab) => tab.evaluate(async (url) => { window.__body = new Uint8Array(await (await fetch(url)).arrayBuffer()); }, bodyUrl),
    (tab) =>
      tab.evaluate(async (message) => {
        const rows = () => document.querySelectorAll('[data-testid="body-view"] .vrow').length;
        const started = performance.now();
        window.postMessage(message, '*');
        let firstScreen;
        let longest = 0;
        let last = performance.now();
        for (;;) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
          if (firstScreen === undefined && rows() >= 20) firstScreen = now - started;
          const progress = document.querySelector('[data-testid="body-progress"]')?.textContent ?? '';
          if (/^[\d,.]+ values$/.test(progress) || /Not JSON/.test(progress)) return { firstScreen, indexed: now - started, longestFrame: longest, progress };
          if (now - started > 120_000) throw new Error(`not indexed after 120 s: ${progress}`);
        }
      }, responseView(body.length)),
  );
}

async function parseBaseline() {
  return measure(
    page('response', 'response.css'),
    (tab) => tab.evaluate(async (url) => { window.__body = new Uint8Array(await (await fetch(url)).arrayBuffer()); }, bodyUrl),
    (tab) =>
      tab.evaluate(() => {
        const started = performance.now();
        const value = JSON.parse(new TextDecoder().decode(window.__body));
        window.__parsed = value;
        return { parse: performance.now() - started };
      }),
  );
}

async function timelineRun(view) {
  return measure(
    page('historiek', 'historiek.css'),
    (tab) => tab.evaluate((json) => { window.__view = JSON.parse(json); }, JSON.stringify(view)),
    (tab) =>
      tab.evaluate(async () => {
        const list = () => document.querySelector('[data-testid="timeline"]');
        const started = performance.now();
        window.postMessage({ type: 'show', view: window.__view }, '*');
        let firstScreen;
        for (;;) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          if (list()?.querySelectorAll('.vrow').length >= 10 && document.querySelector('[data-testid="detail-title"]')) {
            firstScreen = performance.now() - started;
            break;
          }
        }
        // Scroll from top to bottom in 200 steps, one per frame: the frames' durations.
        const element = list();
        const frames = [];
        let last = performance.now();
        for (let i = 1; i <= 200; i++) {
          element.scrollTop = (element.scrollHeight * i) / 200;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const now = performance.now();
          frames.push(now - last);
          last = now;
        }
        frames.sort((a, b) => a - b);
        return { firstScreen, frameMedian: frames[100], frameP95: frames[189] };
      }),
  );
}

/** Debugging aid (REGX_BENCH_PROFILE=1): the functions with the most self time. */
function printProfile(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const key = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `    ${v.toFixed(0)} ms ${k}`).join('\n'));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(0)} ms`;

try {
  console.log(`render bench: ${RUNS} runs each; JSON body ${mb(body.length)}; timeline ${EVENTS.toLocaleString()} gebeurtenissen; Chromium ${browser.version()}`);
  const bodies = [];
  const parses = [];
  for (let i = 0; i < RUNS; i++) {
    bodies.push(await bodyRun());
    parses.push(await parseBaseline());
  }
  const first = bodies.map((r) => r.firstScreen);
  const growth = bodies.map((r) => r.growth);
  console.log(`response body ${mb(body.length)}: first screen median ${ms(median(first))}, p95 ${ms(p95(first))} (goal < 300 ms); whole body indexed median ${ms(median(bodies.map((r) => r.indexed)))}; longest frame while loading median ${ms(median(bodies.map((r) => r.longestFrame)))}; ${bodies[0].progress}`);
  console.log(`  memory: peak renderer growth median ${mb(median(growth))} = ${(median(growth) / body.length).toFixed(2)}× the body (goal ≤ 3×), max ${(Math.max(...growth) / body.length).toFixed(2)}×`);
  console.log(`  baseline JSON.parse of the same body (blocks the page): median ${ms(median(parses.map((r) => r.parse)))}, memory ${(median(parses.map((r) => r.growth)) / body.length).toFixed(2)}× the body; first screen / JSON.parse = ${(median(first) / median(parses.map((r) => r.parse))).toFixed(2)}`);
  const view = historiekView(EVENTS);
  const timelines = [];
  for (let i = 0; i < RUNS; i++) timelines.push(await timelineRun(view));
  const viewBytes = Buffer.byteLength(JSON.stringify(view));
  console.log(`historiek timeline ${EVENTS.toLocaleString()} gebeurtenissen (${mb(viewBytes)} of JSON): first screen median ${ms(median(timelines.map((r) => r.firstScreen)))}, p95 ${ms(p95(timelines.map((r) => r.firstScreen)))} (goal < 300 ms); scrolling top to bottom: frame median ${ms(median(timelines.map((r) => r.frameMedian)))}, p95 ${ms(median(timelines.map((r) => r.frameP95)))}; memory growth median ${mb(median(timelines.map((r) => r.growth)))} = ${(median(timelines.map((r) => r.growth)) / viewBytes).toFixed(2)}× its JSON`);
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
