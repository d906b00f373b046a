// What the ETag store keeps per resource, as the ETag inspector and the policies read it.

/** Which request, from which file and line, an ETag was seen by or sent with. */
export interface RequestRef {
  /** The history record's id. */
  recordId: string;
  method: string;
  file?: string;
  /** The request line, 0-based (the parser's): shown 1-based. */
  line?: number;
  name?: string;
}

/** The store is split by registry and environment: a sandbox ETag never guards a staging write. */
export interface EtagScope {
  registry?: string;
  environment?: string;
}

export interface EtagSighting {
  etag: string;
  /** ISO time the response arrived. */
  at: string;
  by: RequestRef;
  status: number;
}

export interface ConditionalSend {
  header: 'If-Match' | 'If-None-Match';
  etag: string;
  at: string;
  by: RequestRef;
  /** The status that came back (412, 304, 2xx, …), or `error` when no response arrived. */
  outcome: number | 'error';
  /** True when the tool filled the header from the store, false when the user wrote it. */
  filled: boolean;
}

export interface EtagResource {
  url: string;
  registry?: string;
  environment?: string;
  /** The ETag last seen for the resource (what a write gets as If-Match). */
  etag: string;
  seenAt: string;
  seenBy: RequestRef;
  /** Every ETag seen, oldest first (the last 20). */
  sightings: EtagSighting[];
  /** Requests that sent If-Match / If-None-Match, oldest first (the last 20). */
  conditional: ConditionalSend[];
}

export interface EtagChange {
  scope: EtagScope;
  url: string;
  kind: 'seen' | 'conditional' | 'forgotten';
}
