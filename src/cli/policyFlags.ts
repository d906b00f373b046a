// The CLI answers the policies' questions from its flags: nobody is there to ask, so an offer is
// accepted only when a flag says so beforehand, and a declined one names the flag that would
// accept it. (The editor answers the same offers with a notification.)
import type { Offer, PolicyPorts } from '../core/policies/types';

export interface PolicyFlags {
  /** `--etag auto|off`: fill If-Match from the ETag store on writes (default auto). */
  etag?: 'auto' | 'off';
  /** `--on-412 refresh`: after a 412, resend once with the resource's current ETag. */
  on412?: 'refresh' | 'fail';
  /** `--confirm-duplicates`: resend a VR-style 409 with its confirmation token. */
  confirmDuplicates: boolean;
  /** `--follow-location`: follow a 202's Location (polling as Retry-After says). */
  followLocation: boolean;
  /** `--with-dependencies`: a write that a later request depends on may be sent again. */
  withDependencies: boolean;
  /** `--budget N`: stop before the call that would spend more than N (credits, calls). */
  budget?: number;
  /** `--yes`: a run whose projected cost passes an environment's confirm threshold starts without asking. */
  yes?: boolean;
}

export const CLI_DECLINE_HINTS: Record<Offer['kind'], string> = {
  'resend-with-etag': 'pass --on-412 refresh to resend once with the current ETag',
  'confirm-duplicates': 'pass --confirm-duplicates to register it anyway with the confirmation token',
  'use-stored-etag': 'pass --etag auto to send it with the stored ETag',
  'follow-location': 'pass --follow-location to follow it',
  'resend-write-dependency': 'pass --with-dependencies to send it again, or run it first yourself',
  spend: 'raise --budget to allow it',
  'spend-run': 'pass --yes (or --budget N) to accept it',
};

/**
 * `ask` puts a yes/no question to a person at a terminal (only when stdin and stderr are one);
 * without it, only the flags answer.
 */
export function cliDecisions(flags: PolicyFlags, ask?: (question: string, signal: AbortSignal) => Promise<boolean>): Pick<PolicyPorts, 'decide'> {
  return {
    decide: async (offer, signal) => {
      switch (offer.kind) {
        case 'resend-with-etag':
          return flags.on412 === 'refresh';
        case 'confirm-duplicates':
          return flags.confirmDuplicates;
        case 'use-stored-etag':
          // The CLI's --etag is auto or off; nobody asks it.
          return true;
        case 'follow-location':
          return flags.followLocation;
        case 'resend-write-dependency':
          return flags.withDependencies;
        case 'spend':
          // No one to ask: a run without --budget spends what it spends; with one, up to it.
          return flags.budget === undefined || offer.projected <= flags.budget;
        case 'spend-run':
          // --yes accepts; a budget the whole projection fits in is consent up to it; else ask a person, if one is there.
          if (flags.yes) return true;
          if (flags.budget !== undefined && offer.spends.every((s) => s.amount <= flags.budget!)) return true;
          return ask ? ask(`${offer.lines.join('\n')}\nSpend it? [y/N] `, signal) : false;
      }
    },
  };
}
