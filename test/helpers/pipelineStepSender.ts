// A StepSender over the bare send pipeline, for tests of the flow runner that are about the
// runner, not the registries: it adds nothing a registry policy would (no auth, no mandatory
// headers, no ETag store, no costs, no history). The tool itself sends steps through the session
// (SessionStepSender, the editor's sender).

import { SendPipeline } from '../../src/core/send/sendPipeline';
import type { SendOptions } from '../../src/core/send/sendRequest';
import { stepRequest, type StepExchange, type StepRequestSpec, type StepSender } from '../../src/core/flows/stepSender';

export class PipelineStepSender implements StepSender {
  constructor(
    private readonly pipeline: SendPipeline,
    private readonly sendOptions: Omit<SendOptions, 'signal'> = {},
    /** Secret values known to the caller, for redaction. */
    private readonly secrets: string[] = [],
  ) {}

  async send(spec: StepRequestSpec, options: { environment?: string; signal: AbortSignal }): Promise<StepExchange> {
    const record = await this.pipeline.run(stepRequest(spec, this.secrets, options.environment), { ...this.sendOptions, signal: options.signal });
    return { record, secrets: this.secrets };
  }
}
