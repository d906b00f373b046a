import type { SandboxResponse } from '../../types';
import { gebeurtenis } from '../verenigingsregister/gebeurtenis';
import { LOCATIETYPES_BEHEERBAAR, MAATSCHAPPELIJKE_ZETEL, type Locatie, type Vereniging } from '../verenigingsregister/model';
import { checkLocaties, readAdres, readAdresId, readLocatie } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { badRequest, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

function data(l: Locatie): Record<string, unknown> {
  const { bron: _bron, ...rest } = l;
  return rest;
}

function find(call: BeheerCall, v: Vereniging, id: number): Locatie | SandboxResponse {
  return v.locaties.find((l) => l.locatieId === id) ?? badRequest(call, `De locatie met id ${id} werd niet gevonden bij ${v.vCode}.`);
}

function isLocatie(value: Locatie | SandboxResponse): value is Locatie {
  return 'locatieId' in value;
}

function checked(call: BeheerCall, next: Vereniging, errors: ValidationErrors): SandboxResponse | undefined {
  checkLocaties(next.locaties, errors, 'locatie');
  return errors.empty ? undefined : validationProblem(call, errors);
}

function replace(v: Vereniging, changed: Locatie): Vereniging {
  return { ...v, locaties: v.locaties.map((l) => (l.locatieId === changed.locatieId ? changed : l)) };
}

export function voegLocatieToe(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const errors = new ValidationErrors();
    const fields = new FieldReader(errors, '').object(body, 'locatie', true);
    const input = fields ? readLocatie(fields, errors, 'locatie') : undefined;
    if (!input) return validationProblem(call, errors);
    const added: Locatie = { locatieId: Math.max(0, ...v.locaties.map((l) => l.locatieId)) + 1, ...input, bron: 'Initiator' };
    const next = { ...v, locaties: [...v.locaties, added] };
    const problem = checked(call, next, errors);
    if (problem) return problem;
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'LocatieWerdToegevoegd', `'${added.locatietype}' locatie '${added.naam}' werd toegevoegd.`, { locatie: data(added) })] };
  });
}

/**
 * Only the given fields change; a new adres drops the adresId and a new adresId drops the adres,
 * each given as a whole object (release v6.4).
 */
export function wijzigLocatie(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isLocatie(found)) return found;
    if (found.locatietype === MAATSCHAPPELIJKE_ZETEL)
      return badRequest(call, `De maatschappelijke zetel volgens KBO kan niet gewijzigd worden; naam en isPrimair wel, via /v1/verenigingen/${v.vCode}/kbo/locaties/${id}.`);
    const errors = new ValidationErrors();
    const fields = new FieldReader(errors, '').object(body, 'locatie', true);
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
    if (JSON.stringify(changed) === JSON.stringify(found)) return { next: v, gebeurtenissen: [] };
    const next = replace(v, changed);
    const problem = checked(call, next, errors);
    if (problem) return problem;
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'LocatieWerdGewijzigd', `'${changed.locatietype}' locatie '${changed.naam}' werd gewijzigd.`, { locatie: data(changed) })] };
  });
}

export function verwijderLocatie(call: BeheerCall, vCode: string, id: number): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isLocatie(found)) return found;
    if (found.locatietype === MAATSCHAPPELIJKE_ZETEL) return badRequest(call, 'De maatschappelijke zetel volgens KBO kan niet verwijderd worden.');
    const next = { ...v, locaties: v.locaties.filter((l) => l.locatieId !== id) };
    return {
      next,
      gebeurtenissen: [gebeurtenis(call.actor, 'LocatieWerdVerwijderd', `'${found.locatietype}' locatie '${found.naam}' werd verwijderd.`, { vCode: v.vCode, locatie: data(found) })],
    };
  });
}

/** The maatschappelijke zetel keeps its KBO adres; naam and isPrimair are the register's own (v7.29). */
export function wijzigMaatschappelijkeZetel(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isLocatie(found)) return found;
    if (found.locatietype !== MAATSCHAPPELIJKE_ZETEL) return badRequest(call, `Locatie ${id} is geen maatschappelijke zetel volgens KBO; wijzig ze via /v1/verenigingen/${v.vCode}/locaties/${id}.`);
    const errors = new ValidationErrors();
    const fields = new FieldReader(errors, '').object(body, 'locatie', true);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'locatie');
    reader.only(fields, ['naam', 'isPrimair']);
    const naam = reader.string(fields, 'naam');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    if (!errors.empty) return validationProblem(call, errors);
    const changed = { ...found, naam: naam ?? found.naam, isPrimair: isPrimair ?? found.isPrimair };
    if (JSON.stringify(changed) === JSON.stringify(found)) return { next: v, gebeurtenissen: [] };
    const next = replace(v, changed);
    const problem = checked(call, next, errors);
    if (problem) return problem;
    return {
      next,
      gebeurtenissen: [
        gebeurtenis(call.actor, 'MaatschappelijkeZetelVolgensKBOWerdGewijzigd', 'De maatschappelijke zetel volgens KBO werd gewijzigd.', {
          locatieId: id,
          naam: changed.naam,
          isPrimair: changed.isPrimair,
        }),
      ],
    };
  });
}
