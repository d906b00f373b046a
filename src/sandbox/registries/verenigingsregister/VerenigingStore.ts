import type { SearchDocument } from './matchQuery';
import type { Gebeurtenis, Vereniging } from './model';
import { searchDocument } from './searchDocument';

export interface VerenigingStream {
  vereniging: Vereniging;
  historiek: Gebeurtenis[];
}

export interface VerenigingStoreState {
  sequence: number;
  streams: VerenigingStream[];
}

/** The answer to a committed write: what the `ETag` and `VR-Sequence` headers report. */
export interface Commit {
  vCode: string;
  version: number;
  sequence: number;
}

/**
 * The one store publiek, beheer and acm read. A stream's version is the number of gebeurtenissen
 * in its historiek, so the ETag and the historiek cannot disagree. Every method is synchronous:
 * a write checks its precondition and appends in one turn of the event loop, which is what makes
 * it atomic per vereniging without locks.
 */
export class VerenigingStore {
  private streams = new Map<string, VerenigingStream>();
  private sequence = 0;
  // Keyed by the vereniging object itself: a write replaces that object, so an entry can never go stale.
  private readonly documents = new WeakMap<Vereniging, SearchDocument>();

  constructor(state: VerenigingStoreState) {
    this.restore(state);
  }

  get(vCode: string): VerenigingStream | undefined {
    return this.streams.get(vCode.toUpperCase());
  }

  all(): VerenigingStream[] {
    return [...this.streams.values()];
  }

  /** The vereniging flattened for zoeken, built once per version. */
  searchDocument(vereniging: Vereniging): SearchDocument {
    let doc = this.documents.get(vereniging);
    if (!doc) {
      doc = searchDocument(vereniging);
      this.documents.set(vereniging, doc);
    }
    return doc;
  }

  /** The register-wide count of gebeurtenissen, reported as `VR-Sequence`. */
  currentSequence(): number {
    return this.sequence;
  }

  nextVCode(): string {
    let highest = 1000;
    for (const code of this.streams.keys()) highest = Math.max(highest, Number(code.slice(1)));
    return `V${String(highest + 1).padStart(7, '0')}`;
  }

  findByKboNummer(kboNummer: string): VerenigingStream | undefined {
    return this.all().find((s) => s.vereniging.kboNummer === kboNummer);
  }

  /** Verenigingen where the person is vertegenwoordiger, in vCode order (what ACM answers). */
  verenigingenVanInsz(insz: string): Vereniging[] {
    return this.all()
      .map((s) => s.vereniging)
      .filter((v) => v.vertegenwoordigers.some((x) => x.insz === insz))
      .sort((a, b) => (a.vCode < b.vCode ? -1 : 1));
  }

  /** Adds a new stream with its first gebeurtenissen. */
  create(vereniging: Vereniging, gebeurtenissen: Gebeurtenis[]): Commit {
    const vCode = vereniging.vCode.toUpperCase();
    if (this.streams.has(vCode)) throw new Error(`${vCode} exists already`);
    this.streams.set(vCode, { vereniging, historiek: [] });
    return this.append(vCode, vereniging, gebeurtenissen);
  }

  /** Replaces the vereniging's state and appends its gebeurtenissen; no-op when there are none. */
  append(vCode: string, next: Vereniging, gebeurtenissen: Gebeurtenis[]): Commit {
    const stream = this.get(vCode);
    if (!stream) throw new Error(`${vCode} does not exist`);
    if (gebeurtenissen.length > 0) {
      stream.vereniging = { ...next, datumLaatsteAanpassing: gebeurtenissen[gebeurtenissen.length - 1]!.tijdstip.slice(0, 10) };
      stream.historiek.push(...gebeurtenissen);
      this.sequence += gebeurtenissen.length;
    }
    return { vCode: stream.vereniging.vCode, version: stream.historiek.length, sequence: this.sequence };
  }

  snapshot(): VerenigingStoreState {
    return structuredClone({ sequence: this.sequence, streams: this.all() });
  }

  restore(state: VerenigingStoreState): void {
    const copy = structuredClone(state);
    this.sequence = copy.sequence;
    this.streams = new Map(copy.streams.map((s) => [s.vereniging.vCode.toUpperCase(), s]));
  }
}

export function isVerenigingStoreState(value: unknown): value is VerenigingStoreState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { sequence?: unknown; streams?: unknown };
  return typeof candidate.sequence === 'number' && Array.isArray(candidate.streams);
}
