// A flow step through the send session: the step's registry policies (auth, mandatory headers,
// the ETag store, costs), the pool and the limits of the run, as a request from a .http file
// gets them. A flow is requests, not a second HTTP client.

import type { SendSession } from '../run/session';
import { stepRequest, type StepExchange, type StepRequestSpec, type StepSender } from './stepSender';

export class SessionStepSender implements StepSender {
  constructor(
    private readonly session: SendSession,
    /** Secret values known to the caller (environment files, CLI secrets), for redaction. */
    private readonly secrets: string[] = [],
  ) {}

  async send(spec: StepRequestSpec, options: { environment?: string; signal: AbortSignal }): Promise<StepExchange> {
    const request = stepRequest(spec, this.secrets, options.environment ?? this.session.environment);
    let record = await this.session.send(request, options.signal, { registry: spec.registry });
    const validation = await this.session.validate(record, options.signal);
    if (validation) record = { ...record, validation };
    this.session.writeHistory(record, this.secrets, []);
    // What a policy put on the request (a minted token, a key) is redacted from the report too.
    return { record, secrets: [...this.secrets, ...this.session.policySecretValues()] };
  }
}
