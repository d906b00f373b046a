import type { GebeurtenisNaam } from './gebeurtenisNamen';
import type { Gebeurtenis } from './model';

/** Who and when, shared by every gebeurtenis of one request. */
export interface Actor {
  initiator: string;
  now: Date;
}

/** Zulu time to the second, as the historiek shows it since v8.6 (`2023-09-28T13:00:00Z`). */
export function zulu(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function gebeurtenis(actor: Actor, name: GebeurtenisNaam, beschrijving: string, data: Record<string, unknown>): Gebeurtenis {
  return { beschrijving, gebeurtenis: name, data: structuredClone(data), initiator: actor.initiator, tijdstip: zulu(actor.now) };
}

/** Today as yyyy-mm-dd in UTC, the bound for startdatum and einddatum. */
export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}
