import { createHash } from 'node:crypto';
import { normaliseText } from './matchQuery';
import type { Vereniging } from './model';
import type { FeitelijkeVerenigingInput } from './registratie';

/**
 * Link words left out when comparing names (v8.32: "verbindingswoorden (zoals de, het, van …)"),
 * plus the legal-form suffixes people add or drop.
 */
const LINK_WORDS = new Set(['de', 'den', 'der', 'het', 't', 'van', 'en', 'een', 'vzw', 'ivzw', 'fv']);

/** The name reduced to what two spellings of one vereniging share: no case, accents, punctuation, spaces or link words. */
export function normaliseNaam(naam: string): string {
  return normaliseText(naam)
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !LINK_WORDS.has(word))
    .join('');
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Same normalised name, or one extra/missing/changed letter in names long enough for that to mean a typo. */
export function namenGelijkend(a: string, b: string): boolean {
  const x = normaliseNaam(a);
  const y = normaliseNaam(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  return Math.min(x.length, y.length) >= 8 && levenshtein(x, y) <= 1;
}

/**
 * Possible duplicates of a registration: a similar name plus a locatie with the same postcode
 * or the same gemeente. Stopped verenigingen are never candidates (v7.29).
 */
export function findDuplicates(input: FeitelijkeVerenigingInput, bestaande: Vereniging[]): Vereniging[] {
  const postcodes = new Set(input.locaties.flatMap((l) => (l.adres ? [l.adres.postcode.trim()] : [])));
  const gemeenten = new Set(input.locaties.flatMap((l) => (l.adres ? [normaliseNaam(l.adres.gemeente)] : [])));
  if (postcodes.size === 0 && gemeenten.size === 0) return [];
  return bestaande
    .filter((v) => v.status !== 'Gestopt')
    .filter((v) => namenGelijkend(v.naam, input.naam))
    .filter((v) => v.locaties.some((l) => l.adres && (postcodes.has(l.adres.postcode.trim()) || gemeenten.has(normaliseNaam(l.adres.gemeente)))))
    .sort((a, b) => (a.vCode < b.vCode ? -1 : 1));
}

/**
 * The `VR-BevestigingsToken` for one registration request: a digest of the validated input, so
 * sending it back registers exactly that request and nothing else.
 */
export function bevestigingsToken(input: FeitelijkeVerenigingInput & { kboNummerMoedervereniging?: string }): string {
  return createHash('sha256').update(`vr-bevestiging:${JSON.stringify(input)}`).digest('base64url');
}
