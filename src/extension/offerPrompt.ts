// What the editor says when a policy offers to do something the user did not write (resend with
// a fresh ETag, confirm duplicates, follow a 202, send a write dependency again, spend credits):
// the question, the detail and the one action that accepts. No `vscode` here, so the texts are
// tested in plain Node; sendController shows them — modal where accepting writes or spends.
import type { Offer } from '../core/policies/types';

export interface OfferPrompt {
  message: string;
  detail?: string;
  /** The button that accepts; anything else (Cancel, Escape, dismissing) declines. */
  action: string;
  /** Accepting writes to a registry or spends: the user must answer before anything goes out. */
  modal: boolean;
}

const MAX_LISTED = 10;

function listed(lines: string[]): string {
  const shown = lines.slice(0, MAX_LISTED).map((line) => `• ${line}`);
  if (lines.length > MAX_LISTED) shown.push(`… and ${lines.length - MAX_LISTED} more`);
  return shown.join('\n');
}

export function offerPrompt(offer: Offer): OfferPrompt {
  switch (offer.kind) {
    case 'resend-with-etag':
      return {
        message: `${offer.url} changed since your version (412 Precondition Failed). Resend with its current ETag ${offer.etag}?`,
        detail: offer.changes.length ? `What changed in between:\n${listed(offer.changes)}` : 'The registry did not say what changed.',
        action: 'Resend with current ETag',
        modal: true,
      };
    case 'confirm-duplicates':
      return {
        message: `The registry found ${offer.candidates.length} possible duplicate${offer.candidates.length === 1 ? '' : 's'} (409). Register anyway?`,
        detail: listed(offer.candidates.map((c) => [c.id, c.name].filter(Boolean).join(' — ') || 'unnamed candidate')),
        action: 'Register anyway',
        modal: true,
      };
    case 'use-stored-etag':
      return {
        message: `Send this ${offer.method} with If-Match ${offer.etag}, the ETag last seen for ${offer.url}?`,
        detail: `Seen by ${offer.seen}. With it, the registry refuses the change (412) if someone changed the resource since; without it, the ${offer.method} goes as the file has it. (Setting registerExplorer.etagMode: ask.)`,
        action: 'Send with If-Match',
        modal: true,
      };
    case 'follow-location':
      return { message: `Accepted (202): the result will be at ${offer.location}. Follow it?`, action: 'Follow', modal: false };
    case 'resend-write-dependency':
      return {
        message: `This request uses the response of '${offer.name}', which has not been sent in this session. Send '${offer.name}' (${offer.method}) again? It changes data.`,
        detail: `${offer.method} ${offer.url}`,
        action: `Send ${offer.method} again`,
        modal: true,
      };
    case 'spend':
      return {
        message: `This would spend ${offer.projected} ${offer.unit} at ${offer.registry} (${offer.environment}), over the limit of ${offer.limit}. Go on?`,
        action: 'Spend',
        modal: true,
      };
    case 'spend-run': {
      const over = offer.spends.filter((s) => s.limit !== undefined && s.amount > s.limit);
      return {
        message: `${offer.lines.length === 1 ? offer.lines[0]!.replace(/^[^:]*\): /, '').replace(/^this run/, 'This run') : 'This run may cost something at more than one registry'}. Send?`,
        detail: `${listed(offer.lines)}\n\nOver the confirm threshold: ${over.map((s) => `${s.registry} (${s.environment}) ${s.limit} ${s.unit}`).join(', ')} — the environment's costConfirmAbove variable, else the setting registerExplorer.costs.warnAbove. It is an upper bound: what you already own costs nothing.`,
        action: 'Send',
        modal: true,
      };
    }
  }
}
