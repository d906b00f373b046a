// The steps every write on a vereniging's locaties, contactgegevens and vertegenwoordigers shares:
// find the one named by id (an unknown id is a 400, as managing an unknown vCode is), append,
// replace or remove it, check the whole list against the register's rules, and record one
// gebeurtenis. What each write reads from the body and which gebeurtenis it records stays with it.
import type { SandboxResponse } from '../../types';
import type { Gebeurtenis, Vereniging } from '../verenigingsregister/model';
import { FieldReader, type JsonObject, type ValidationErrors } from '../verenigingsregister/ValidationErrors';
import { badRequest, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

/** One kind of sub-entity: where its list lives on the vereniging and how it is named and checked. */
export interface SubEntity<T> {
  /** The body member a write wraps its fields in, and the prefix of its validation errors. */
  member: string;
  items(v: Vereniging): T[];
  /** `v` with its list replaced; the other members are kept as they are. */
  withItems(v: Vereniging, items: T[]): Vereniging;
  id(item: T): number;
  nietGevonden(id: number, vCode: string): string;
  /** The rules over the whole list (e.g. one primary), run after every add and change. */
  check(items: T[], errors: ValidationErrors, member: string): void;
}

/** The `member` object every write on this kind wraps its fields in (missing or not an object: an error). */
export function bodyFields<T>(kind: SubEntity<T>, body: JsonObject, errors: ValidationErrors): JsonObject | undefined {
  return new FieldReader(errors, '').object(body, kind.member, true);
}

/** The id an added item gets: one more than the highest, so ids of removed items are not reused. */
export function nextId<T>(kind: SubEntity<T>, v: Vereniging): number {
  return Math.max(0, ...kind.items(v).map((item) => kind.id(item))) + 1;
}

/** Runs `command` on the item with `id`, or answers 400 when the vereniging has none. */
export function withSubEntity<T>(call: BeheerCall, kind: SubEntity<T>, v: Vereniging, id: number, command: (found: T) => CommandResult): CommandResult {
  const found = kind.items(v).find((item) => kind.id(item) === id);
  return found === undefined ? badRequest(call, kind.nietGevonden(id, v.vCode)) : command(found);
}

/** `writeVereniging` on the item with `id` of the vereniging with `vCode`. */
export function writeSubEntity<T>(call: BeheerCall, vCode: string, kind: SubEntity<T>, id: number, command: (v: Vereniging, found: T) => CommandResult): SandboxResponse {
  return writeVereniging(call, vCode, (v) => withSubEntity(call, kind, v, id, (found) => command(v, found)));
}

function checked<T>(call: BeheerCall, kind: SubEntity<T>, next: Vereniging, errors: ValidationErrors, recorded: () => Gebeurtenis): CommandResult {
  kind.check(kind.items(next), errors, kind.member);
  return errors.empty ? { next, gebeurtenissen: [recorded()] } : validationProblem(call, errors);
}

/** Appends `added` and checks the list; `errors` may already hold what reading the body found. */
export function addSubEntity<T>(call: BeheerCall, kind: SubEntity<T>, v: Vereniging, added: T, errors: ValidationErrors, recorded: () => Gebeurtenis): CommandResult {
  return checked(call, kind, kind.withItems(v, [...kind.items(v), added]), errors, recorded);
}

/** A change that leaves the item as it was records nothing (200, same ETag); otherwise as add. */
export function replaceSubEntity<T>(call: BeheerCall, kind: SubEntity<T>, v: Vereniging, found: T, changed: T, errors: ValidationErrors, recorded: () => Gebeurtenis): CommandResult {
  if (JSON.stringify(changed) === JSON.stringify(found)) return { next: v, gebeurtenissen: [] };
  const id = kind.id(found);
  return checked(call, kind, kind.withItems(v, kind.items(v).map((item) => (kind.id(item) === id ? changed : item))), errors, recorded);
}

/** The list rules are all "at most one" and "no duplicates", which a removal cannot break. */
export function removeSubEntity<T>(kind: SubEntity<T>, v: Vereniging, found: T, recorded: Gebeurtenis): CommandResult {
  const id = kind.id(found);
  return { next: kind.withItems(v, kind.items(v).filter((item) => kind.id(item) !== id)), gebeurtenissen: [recorded] };
}
