import type { HttpFile } from './ast';
import { parseHttp } from './parser';

interface Entry {
  version: number;
  file: HttpFile;
}

/**
 * One parsed tree per open document version, so completion, hover, diagnostics and code
 * lenses all read the same tree instead of each parsing the text again. The owner (the
 * extension) forgets a document when it closes; the size bound protects against a leak
 * if it does not.
 */
export class HttpDocumentCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly parse: (text: string) => HttpFile = parseHttp,
    private readonly maxEntries = 200,
  ) {}

  /** The tree of `uri` at `version`; `getText` is called only when that version is not cached. */
  get(uri: string, version: number, getText: () => string): HttpFile {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version) {
      // Re-insert so the map's order is least recently used first.
      this.entries.delete(uri);
      this.entries.set(uri, entry);
      return entry.file;
    }
    const file = this.parse(getText());
    this.entries.delete(uri);
    this.entries.set(uri, { version, file });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return file;
  }

  /** The cached tree of `uri` if its version matches, without parsing. */
  peek(uri: string, version: number): HttpFile | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.version === version ? entry.file : undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
