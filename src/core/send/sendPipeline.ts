// The send path with room for registry policies (auth, mandatory headers, ETag store, cost
// meter): each policy may rewrite the request before it goes out and sees the record after.

import { sendRequest, type SendOptions } from './sendRequest';
import type { PreparedRequest, ResponseRecord, SendPolicy } from './types';

export class SendPipeline {
  constructor(
    private readonly policies: readonly SendPolicy[] = [],
    private readonly send: (request: PreparedRequest, options: SendOptions) => Promise<ResponseRecord> = sendRequest,
  ) {}

  async run(request: PreparedRequest, options: SendOptions = {}): Promise<ResponseRecord> {
    const signal = options.signal ?? new AbortController().signal;
    let prepared = request;
    for (const policy of this.policies) if (policy.beforeSend) prepared = await policy.beforeSend(prepared, signal);
    const record = await this.send(prepared, options);
    for (const policy of this.policies) await policy.afterResponse?.(record);
    return record;
  }
}
