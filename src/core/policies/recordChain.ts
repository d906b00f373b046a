import type { ResponseRecord } from '../send/types';

/** The whole chain of records, the first sent first (`previous` links followed back). */
export function recordChain(record: ResponseRecord): ResponseRecord[] {
  const chain: ResponseRecord[] = [];
  for (let r: ResponseRecord | undefined = record; r && chain.length < 32; r = r.previous) chain.unshift(r);
  return chain;
}
