// A registry's historiek as the timeline reads it: where it is served, which members of each
// gebeurtenis hold what, and how each gebeurtenis type changes the subject (`replay`). Loaded
// from `registries/<id>/historiek.yaml`; pure data, shared by the host and the webview.

export type ReplayRule =
  | { op: 'set'; path: string; from: string }
  | { op: 'set'; path: string; value: unknown }
  | { op: 'add' | 'replace' | 'merge' | 'remove'; path: string; key: string; from: string };

export interface HistoriekSpec {
  /** The path parameter that names the subject (`vCode`) and what a valid one looks like. */
  subject: { name: string; pattern?: string };
  operation: { method: string; path: string };
  /** Member of the response holding the gebeurtenissen. */
  list: string;
  fields: { type: string; description: string; initiator: string; time: string; data: string };
  replay: Record<string, ReplayRule[]>;
}

/** One gebeurtenis, whatever the registry calls its members. */
export interface Gebeurtenis {
  /** Position in the historiek (0 = oldest). */
  index: number;
  type: string;
  beschrijving: string;
  initiator: string;
  /** As the registry sent it. */
  tijdstip: string;
  data: unknown;
}
