// The audit trail of a klant: one entry per create, update, partial update and destroy, with who
// did it (from the JWT) and the representation before and after, as ZGW's AuditTrail resource.
import { randomUUID } from 'node:crypto';
import type { Caller } from './auth';
import { representation, type KlantData } from './klant';

export type AuditAction = 'create' | 'update' | 'partial_update' | 'destroy';

const ACTION_NAMES: Record<AuditAction, string> = {
  create: 'Object aangemaakt',
  update: 'Object bijgewerkt',
  partial_update: 'Object deels bijgewerkt',
  destroy: 'Object verwijderd',
};

/** Stored without URLs: they depend on the origin the trail is read through. */
export interface AuditEntry {
  uuid: string;
  klantUuid: string;
  caller: Caller;
  actie: AuditAction;
  resultaat: number;
  toelichting: string;
  aanmaakdatum: string;
  oud: KlantData | null;
  nieuw: KlantData | null;
}

export function auditEntry(klantUuid: string, caller: Caller, actie: AuditAction, resultaat: number, toelichting: string, at: Date, oud: KlantData | null, nieuw: KlantData | null): AuditEntry {
  return { uuid: randomUUID(), klantUuid, caller, actie, resultaat, toelichting, aanmaakdatum: at.toISOString(), oud, nieuw };
}

export function auditRepresentation(entry: AuditEntry, origin: string): Record<string, unknown> {
  const klantUrl = `${origin}/api/v1/klanten/${entry.klantUuid}`;
  const latest = entry.nieuw ?? entry.oud;
  return {
    uuid: entry.uuid,
    bron: 'kc',
    applicatieId: entry.caller.clientId,
    applicatieWeergave: entry.caller.clientId,
    gebruikersId: entry.caller.userId,
    gebruikersWeergave: entry.caller.userRepresentation,
    actie: entry.actie,
    actieWeergave: ACTION_NAMES[entry.actie],
    resultaat: entry.resultaat,
    hoofdObject: klantUrl,
    resource: 'klant',
    resourceUrl: klantUrl,
    toelichting: entry.toelichting,
    resourceWeergave: latest ? `${latest.bronorganisatie} - ${latest.klantnummer}` : entry.klantUuid,
    aanmaakdatum: entry.aanmaakdatum,
    wijzigingen: {
      oud: entry.oud ? representation(entry.klantUuid, entry.oud, origin) : null,
      nieuw: entry.nieuw ? representation(entry.klantUuid, entry.nieuw, origin) : null,
    },
  };
}
