// A history-writing process for the concurrency tests.
//
//   node --import tsx test/helpers/historyWriter.ts write PATH COUNT TAG [MAX_RECORDS] [PAD_BYTES] [PAUSE_MS]
// appends COUNT records tagged TAG as a run does (one append per finished request, never waiting
// for the disk before the next; PAUSE_MS between every 20, as requests take time), printing
// "ack <n>" on stdout once record n's append resolved —
// what a run may report as written. Pipes to stdout are written synchronously on Linux, so an
// "ack" the parent has read was printed before the process could be killed.
//
//   node --import tsx test/helpers/historyWriter.ts compact PATH MAX_RECORDS
// compacts the history over and over (each one under the lock), printing "ack <n>" after the n-th,
// until its stdin ends, then prints "compacted <times>".
import { HistoryStore, type HistoryEntry } from '../../src/core/history/historyStore';

const [mode, path, ...rest] = process.argv.slice(2);

const entry = (tag: string, n: number, pad: string): HistoryEntry => ({
  id: `${tag}-${n}`,
  startedAt: new Date().toISOString(),
  request: { method: 'GET', url: `http://127.0.0.1/${tag}/${n}`, headers: [], bodyPreview: pad },
  redirects: [],
  timings: { totalMs: n },
});

async function write(countText: string, tag: string, maxText?: string, padText?: string, pauseText?: string): Promise<void> {
  const pauseMs = Number(pauseText ?? 0);
  const count = Number(countText);
  const store = new HistoryStore(path!, Number(maxText ?? 0) || 1_000_000);
  const pad = 'x'.repeat(Number(padText ?? 0));
  for (let n = 0; n < count; n++) {
    store.append(entry(tag, n, pad)).then(
      () => process.stdout.write(`ack ${n}\n`),
      (error: Error) => process.stdout.write(`fail ${n} ${error.message}\n`),
    );
    // Requests finish a little apart: let batches form and go out between them.
    if (n % 20 === 19) await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
  }
  await store.close();
  process.stdout.write('done\n');
}

async function compact(maxText: string): Promise<void> {
  const store = new HistoryStore(path!, Number(maxText));
  let ended = false;
  process.stdin.on('end', () => (ended = true)).resume();
  let times = 0;
  while (!ended) {
    await store.compact();
    times++;
    process.stdout.write(`ack ${times}\n`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  process.stdout.write(`compacted ${times}\n`);
}

void (mode === 'compact' ? compact(rest[0]!) : write(rest[0]!, rest[1]!, rest[2], rest[3], rest[4]));
