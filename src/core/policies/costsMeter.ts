// The cost meter: per registry and environment, what the tool saw spent this period (calls,
// credits), the balance and count the server last reported, and the last rate-limit state. One
// small JSON file each under `<stateDir>/costs/`, replaced whole through a synced temporary file
// and a rename, so a crash leaves the previous state, never half a file. Updates in one process
// are chained per file; the meter is a running account for the user, not an invoice.

import { open, mkdir, readFile, readdir, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets, as the server said at `at`. */
  resetSeconds?: number;
  /** The policy's window in seconds (`RateLimit-Policy` w=). */
  windowSeconds?: number;
  at: string;
}

export interface MeterEntry {
  registry: string;
  environment: string;
  unit: string;
  /** `2026-12` (calendar month, UTC) the counts below belong to. */
  period: string;
  /** Calls seen this period. */
  calls: number;
  /** What those calls cost, in `unit` (calls in a free environment or within a free quota cost 0). */
  spent: number;
  /** The balance the server last reported (credits left, free calls left). */
  balance?: number;
  /** The count the server last reported (AllSolutions: calls this month). */
  serverCount?: number;
  rateLimit?: RateLimitState;
  updatedAt: string;
}

export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

const chains = new Map<string, Promise<unknown>>();

export class CostMeter {
  constructor(private readonly stateDir: string) {}

  private file(registry: string, environment: string): string {
    return join(this.stateDir, 'costs', `${safe(registry)}--${safe(environment)}.json`);
  }

  async read(registry: string, environment: string, unit: string, now: Date = new Date()): Promise<MeterEntry> {
    const fresh: MeterEntry = { registry, environment, unit, period: periodOf(now), calls: 0, spent: 0, updatedAt: now.toISOString() };
    try {
      const saved = JSON.parse(await readFile(this.file(registry, environment), 'utf8')) as MeterEntry;
      if (saved.period !== fresh.period) return { ...fresh, balance: saved.balance };
      return { ...fresh, ...saved };
    } catch {
      return fresh;
    }
  }

  /** Applies `change` to the entry and stores it; resolves once it is on disk. */
  update(registry: string, environment: string, unit: string, change: (entry: MeterEntry) => void, now: Date = new Date()): Promise<MeterEntry> {
    const file = this.file(registry, environment);
    const run = (chains.get(file) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      const entry = await this.read(registry, environment, unit, now);
      change(entry);
      entry.updatedAt = now.toISOString();
      await writeDurably(file, `${JSON.stringify(entry, null, 2)}\n`);
      return entry;
    });
    chains.set(file, run);
    return run;
  }

  /** Every meter in the state dir (this period's counts), for the cost meter view. */
  async list(now: Date = new Date()): Promise<MeterEntry[]> {
    let names: string[];
    try {
      names = await readdir(join(this.stateDir, 'costs'));
    } catch {
      return [];
    }
    const entries: MeterEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      try {
        const saved = JSON.parse(await readFile(join(this.stateDir, 'costs', name), 'utf8')) as MeterEntry;
        entries.push(saved.period === periodOf(now) ? saved : { ...saved, period: periodOf(now), calls: 0, spent: 0 });
      } catch {
        // A file that is not a meter is skipped, not fatal.
      }
    }
    return entries;
  }
}

async function writeDurably(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}
