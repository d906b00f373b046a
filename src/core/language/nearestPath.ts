import type { OpenApiIndex } from '../openapi/types';
import { editDistance } from './closest';
import { pathOf } from './requestTarget';

const MAX_SUGGESTION_TEMPLATES = 5000;

/**
 * The template nearest to a path that matched none, written with the request's own values in
 * its parameter segments: `/v1/vereniging/V0001001` → `/v1/verenigingen/V0001001`. Segments are
 * compared one by one (parameters match anything), after any prefix the base URL or the
 * document names; the method's own operations win a tie.
 */
export function nearestPath(path: string, index: OpenApiIndex, method: string, bases: readonly (string | undefined)[]): string | undefined {
  if (index.operations.length > MAX_SUGGESTION_TEMPLATES) return undefined;
  const written = path.split(/[?#]/)[0];
  const prefixes = ['', ...bases.filter((b): b is string => !!b).map(pathOf)].filter((p, i, all) => all.indexOf(p) === i && (p === '' || written.startsWith(p + '/')));
  let best: { text: string; cost: number } | undefined;
  for (const prefix of prefixes) {
    const have = written.slice(prefix.length).split('/').filter(Boolean);
    const literalLength = have.join('').length;
    const limit = Math.max(1, Math.floor(literalLength / 3));
    for (const op of index.operations) {
      const want = op.path.split('/').filter(Boolean);
      if (want.length !== have.length) continue;
      let cost = op.method === method ? 0 : 0.5;
      for (let i = 0; i < want.length && cost <= limit; i++) {
        if (!/^\{[^}]+\}$/.test(want[i])) cost += editDistance(have[i], want[i], limit);
      }
      if (cost > 0.5 && cost <= limit && (!best || cost < best.cost)) {
        best = { text: prefix + '/' + want.map((segment, i) => (/^\{[^}]+\}$/.test(segment) ? have[i] : segment)).join('/'), cost };
      }
    }
  }
  return best?.text;
}
