// A field as a server names it in an error — `adressen.0.postcode` (ZGW), `contactgegevens[0].waarde`
// (the Verenigingsregister), `Contactgegevens[0].Waarde` (.NET's PascalCase), `/adres/huisnummer`
// (RFC 9457's pointer), `$.naam`, `website_url` — found in the request body as it was sent: each
// step matches a key exactly, else ignoring case, else ignoring case, `_` and `-` (camelCase vs
// snake_case). A leading step the body does not have (`body.`, `request.`, a model name) is
// skipped. Where a step is not in the body, the place is the object that should hold it.

import { jsonPath } from '../json/jsonPath';

export interface FieldPlace {
  /** JSONPath into the body (`$.contactgegevens[0].waarde`). */
  path: string;
  /** JSON pointer into the body (`/contactgegevens/0/waarde`). */
  pointer: string;
  /** The body's own keys and indexes along the way. */
  steps: (string | number)[];
  /** The field itself is not in the body: `path` is the deepest object on its way that is. */
  missing: boolean;
}

/** `a.b[0]['c d']`, `a.0.b`, `/a/0/b`, `#/a`, `$.a` → steps as written. */
export function nameSteps(name: string): string[] {
  let text = name.trim();
  if (text.startsWith('#/')) text = text.slice(1);
  if (text.startsWith('/')) return text.slice(1).split('/').filter((part) => part !== '').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (text.startsWith('$')) text = text.slice(1);
  const steps: string[] = [];
  for (const match of text.matchAll(/\[\s*(\d+)\s*\]|\[\s*(['"])(.*?)\2\s*\]|([^.[\]]+)/g)) {
    const step = match[1] ?? match[3] ?? match[4]!;
    if (step.trim() !== '') steps.push(step.trim());
  }
  return steps;
}

function loose(key: string): string {
  return key.toLowerCase().replace(/[_\-\s]/g, '');
}

function matchKey(object: Record<string, unknown>, step: string): string | undefined {
  if (Object.hasOwn(object, step)) return step;
  const keys = Object.keys(object);
  const lower = step.toLowerCase();
  return keys.find((key) => key.toLowerCase() === lower) ?? keys.find((key) => loose(key) === loose(step));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(body: unknown, steps: readonly string[]): { found: (string | number)[]; complete: boolean } {
  const found: (string | number)[] = [];
  let value = body;
  for (const step of steps) {
    if (Array.isArray(value) && /^\d+$/.test(step) && Number(step) < value.length) {
      found.push(Number(step));
      value = value[Number(step)];
      continue;
    }
    const key = isRecord(value) ? matchKey(value, step) : undefined;
    if (key === undefined) return { found, complete: false };
    found.push(key);
    value = (value as Record<string, unknown>)[key];
  }
  return { found, complete: true };
}

function pointerOf(steps: readonly (string | number)[]): string {
  return steps.map((step) => `/${String(step).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Where `name` is in `body` (undefined when no step of it is there and it names nothing at the top). */
export function fieldPath(name: string, body: unknown): FieldPlace | undefined {
  const steps = nameSteps(name);
  if (steps.length === 0 || (typeof body !== 'object' || body === null)) return undefined;
  let best = walk(body, steps);
  // `body.naam`, `request.Naam`, `RegistreerFeitelijkeVerenigingRequest.naam`: a prefix the body does not have.
  if (best.found.length === 0 && steps.length > 1) {
    const rest = walk(body, steps.slice(1));
    if (rest.found.length > 0) best = rest;
  }
  const place = best.found;
  return { path: jsonPath(place), pointer: pointerOf(place), steps: place, missing: !best.complete };
}
