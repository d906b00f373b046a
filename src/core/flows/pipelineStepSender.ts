// A StepSender over the plain send pipeline, standing in until the send session lands on main:
// then the session's `send()` is the one sender and this file goes. It adds nothing a registry
// policy would (no auth, no mandatory headers, no ETag store, no cost meter).

import { SendPipeline } from '../send/sendPipeline';
import type { SendOptions } from '../send/sendRequest';
import type { PreparedRequest } from '../send/types';
import type { StepExchange, StepRequestSpec, StepSender } from './stepSender';

export class PipelineStepSender implements StepSender {
  constructor(
    private readonly pipeline: SendPipeline,
    private readonly sendOptions: Omit<SendOptions, 'signal'> = {},
    /** Secret values known to the caller (environment files, CLI secrets), for redaction. */
    private readonly secrets: string[] = [],
  ) {}

  async send(spec: StepRequestSpec, options: { environment?: string; signal: AbortSignal }): Promise<StepExchange> {
    const request: PreparedRequest = {
      method: spec.method,
      url: spec.url,
      headers: spec.headers,
      body: spec.body,
      timeoutMs: spec.timeoutMs,
      followRedirects: true,
      source: { file: spec.source?.file, line: spec.source?.line, name: spec.name },
      secrets: this.secrets,
    };
    if (spec.registry && options.environment) request.registry = { id: spec.registry, environment: options.environment };
    const record = await this.pipeline.run(request, { ...this.sendOptions, signal: options.signal });
    return { record, secrets: this.secrets };
  }
}
