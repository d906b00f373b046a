// How alike two names or two descriptions are, 0…1, with the reason a person can check:
// `InclusiefInactieveRegistraties` / `inclusiefInactieveRegistraties` differ only in case,
// `verenigingstype` contains `type`, two descriptions that say the same words.

import { editDistance } from '../language/closest';

export interface Likeness {
  score: number;
  why?: string;
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    // `x`, `id`, `nr` are in half of all names: sharing them says nothing
    .filter((w) => w.length > 2);
}

// The same rename recurs in every schema that has the property (`aantal` → `hoeveelheid` in each
// resource): each pair of names is weighed once. Likenesses are never changed once made.
const likenesses = new Map<string, Likeness>();

export function nameLikeness(a: string, b: string): Likeness {
  const key = `${a}\u0000${b}`;
  let likeness = likenesses.get(key);
  if (likeness === undefined) {
    likeness = weighNames(a, b);
    if (likenesses.size >= 10_000) likenesses.clear();
    likenesses.set(key, likeness);
  }
  return likeness;
}

function weighNames(a: string, b: string): Likeness {
  if (a === b) return { score: 1, why: 'same name' };
  if (a.toLowerCase() === b.toLowerCase()) return { score: 0.98, why: 'same name apart from case' };
  const flat = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const fa = flat(a);
  const fb = flat(b);
  if (fa === fb && fa !== '') return { score: 0.95, why: 'same name apart from separators' };
  const [short, long] = fa.length <= fb.length ? [fa, fb] : [fb, fa];
  if (short.length >= 3 && (long.startsWith(short) || long.endsWith(short))) {
    const [s, l] = a.length <= b.length ? [a, b] : [b, a];
    return { score: 0.8, why: `'${l}' contains '${s}'` };
  }
  const wa = words(a);
  const wb = words(b);
  const common = wa.filter((w) => wb.includes(w)).length;
  const jaccard = common / (new Set([...wa, ...wb]).size || 1);
  const distance = editDistance(fa, fb);
  const ratio = 1 - distance / Math.max(fa.length, fb.length, 1);
  const best = Math.max(jaccard >= 0.5 ? 0.7 * jaccard : 0, ratio >= 0.75 ? 0.8 * ratio : 0);
  if (best === 0) return { score: 0 };
  return { score: best, why: jaccard * 0.7 >= ratio * 0.8 ? `names share '${wa.filter((w) => wb.includes(w)).join("', '")}'` : `names differ by ${distance} letter${distance === 1 ? '' : 's'}` };
}

export function descriptionLikeness(a: string | undefined, b: string | undefined): Likeness {
  if (!a || !b) return { score: 0 };
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const wa = norm(a).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const wb = norm(b).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // "Naam" or "Code" says nothing about whether two fields are one
  if (wa.length < 3 || wb.length < 3) return { score: 0 };
  if (norm(a) === norm(b)) return { score: 1, why: 'same description' };
  const sa = new Set(wa);
  const sb = new Set(wb);
  const common = [...sa].filter((w) => sb.has(w)).length;
  const jaccard = common / new Set([...sa, ...sb]).size;
  return jaccard >= 0.6 ? { score: 0.9 * jaccard, why: 'nearly the same description' } : { score: 0 };
}
