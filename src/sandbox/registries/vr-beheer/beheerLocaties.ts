import type { SandboxResponse } from '../../types';
import { gebeurtenis } from '../verenigingsregister/gebeurtenis';
import { LOCATIETYPES_BEHEERBAAR, MAATSCHAPPELIJKE_ZETEL, type Locatie } from '../verenigingsregister/model';
import { checkLocaties, readAdres, readAdresId, readLocatie } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { addSubEntity, bodyFields, nextId, removeSubEntity, replaceSubEntity, writeSubEntity, type SubEntity } from './beheerSubEntity';
import { badRequest, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

const LOCATIES: SubEntity<Locatie> = {
  member: 'locatie',
  items: (v) => v.locaties,
  withItems: (v, locaties) => ({ ...v, locaties }),
  id: (l) => l.locatieId,
  nietGevonden: (id, vCode) => `De locatie met id ${id} werd niet gevonden bij ${vCode}.`,
  check: checkLocaties,
};

function data(l: Locatie): Record<string, unknown> {
  const { bron: _bron, ...rest } = l;
  return rest;
}

export function voegLocatieToe(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const errors = new ValidationErrors();
    const fields = bodyFields(LOCATIES, body, errors);
    const input = fields ? readLocatie(fields, errors, 'locatie') : undefined;
    if (!input) return validationProblem(call, errors);
    const added: Locatie = { locatieId: nextId(LOCATIES, v), ...input, bron: 'Initiator' };
    return addSubEntity(call, LOCATIES, v, added, errors, () =>
      gebeurtenis(call.actor, 'LocatieWerdToegevoegd', `'${added.locatietype}' locatie '${added.naam}' werd toegevoegd.`, { locatie: data(added) }),
    );
  });
}

/**
 * Only the given fields change; a new adres drops the adresId and a new adresId drops the adres,
 * each given as a whole object (release v6.4).
 */
export function wijzigLocatie(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeSubEntity(call, vCode, LOCATIES, id, (v, found): CommandResult => {
    if (found.locatietype === MAATSCHAPPELIJKE_ZETEL)
      return badRequest(call, `De maatschappelijke zetel volgens KBO kan niet gewijzigd worden; naam en isPrimair wel, via /v1/verenigingen/${v.vCode}/kbo/locaties/${id}.`);
    const errors = new ValidationErrors();
    const fields = bodyFields(LOCATIES, body, errors);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'locatie');
    const locatietype = reader.string(fields, 'locatietype');
    if (locatietype !== undefined && !LOCATIETYPES_BEHEERBAAR.includes(locatietype as never))
      errors.add('locatie.locatietype', `'${locatietype}' is geen geldig locatietype (${LOCATIETYPES_BEHEERBAAR.join(', ')}).`);
    const naam = reader.string(fields, 'naam');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    const adresObj = reader.object(fields, 'adres');
    const adresIdObj = reader.object(fields, 'adresId');
    const adres = adresObj ? readAdres(adresObj, errors, 'locatie.adres') : undefined;
    const adresId = adresIdObj ? readAdresId(adresIdObj, errors, 'locatie.adresId') : undefined;
    if (!errors.empty) return validationProblem(call, errors);
    const changed: Locatie = {
      ...found,
      locatietype: locatietype ?? found.locatietype,
      naam: naam ?? found.naam,
      isPrimair: isPrimair ?? found.isPrimair,
      adres: adres ?? (adresId ? null : found.adres),
      adresId: adresId ?? (adres ? null : found.adresId),
    };
    return replaceSubEntity(call, LOCATIES, v, found, changed, errors, () =>
      gebeurtenis(call.actor, 'LocatieWerdGewijzigd', `'${changed.locatietype}' locatie '${changed.naam}' werd gewijzigd.`, { locatie: data(changed) }),
    );
  });
}

export function verwijderLocatie(call: BeheerCall, vCode: string, id: number): SandboxResponse {
  return writeSubEntity(call, vCode, LOCATIES, id, (v, found): CommandResult => {
    if (found.locatietype === MAATSCHAPPELIJKE_ZETEL) return badRequest(call, 'De maatschappelijke zetel volgens KBO kan niet verwijderd worden.');
    return removeSubEntity(LOCATIES, v, found, gebeurtenis(call.actor, 'LocatieWerdVerwijderd', `'${found.locatietype}' locatie '${found.naam}' werd verwijderd.`, { vCode: v.vCode, locatie: data(found) }));
  });
}

/** The maatschappelijke zetel keeps its KBO adres; naam and isPrimair are the register's own (v7.29). */
export function wijzigMaatschappelijkeZetel(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeSubEntity(call, vCode, LOCATIES, id, (v, found): CommandResult => {
    if (found.locatietype !== MAATSCHAPPELIJKE_ZETEL) return badRequest(call, `Locatie ${id} is geen maatschappelijke zetel volgens KBO; wijzig ze via /v1/verenigingen/${v.vCode}/locaties/${id}.`);
    const errors = new ValidationErrors();
    const fields = bodyFields(LOCATIES, body, errors);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'locatie');
    reader.only(fields, ['naam', 'isPrimair']);
    const naam = reader.string(fields, 'naam');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    if (!errors.empty) return validationProblem(call, errors);
    const changed = { ...found, naam: naam ?? found.naam, isPrimair: isPrimair ?? found.isPrimair };
    return replaceSubEntity(call, LOCATIES, v, found, changed, errors, () =>
      gebeurtenis(call.actor, 'MaatschappelijkeZetelVolgensKBOWerdGewijzigd', 'De maatschappelijke zetel volgens KBO werd gewijzigd.', {
        locatieId: id,
        naam: changed.naam,
        isPrimair: changed.isPrimair,
      }),
    );
  });
}
