// No silent writes (issue 15 §2): a named request runs again for a later one only when that is
// harmless. A write (POST/PUT/PATCH/DELETE, anything not safe) goes out again only when the user
// says so — the editor asks, the CLI needs `--with-dependencies`.
import type { Offer } from '../policies/types';

/** RFC 9110 §9.2.1: methods whose semantics are read-only. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Why the dependency was not sent, and how to allow it. */
export function writeDependencyRefusal(offer: Extract<Offer, { kind: 'resend-write-dependency' }>, hint: string | undefined): string {
  const what = `'${offer.name}' (${offer.method} ${offer.url})`;
  return `request ${what} is a write that a later request depends on; it was not sent again${hint ? ` — ${hint}` : ''}`;
}
