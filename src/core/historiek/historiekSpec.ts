// Reads a registry's historiek.yaml (already parsed) into a HistoriekSpec, with an error that says
// which entry is wrong, so a broken file is one clear message instead of a timeline that lies.
import type { HistoriekSpec, ReplayRule } from './types';

export const HISTORIEK_FILE = 'historiek.yaml';

export class HistoriekSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoriekSpecError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new HistoriekSpecError(`${where} must be a string`);
  return value;
}

function rule(value: unknown, where: string): ReplayRule {
  if (!isRecord(value)) throw new HistoriekSpecError(`${where} must be a mapping such as { set: naam, from: naam }`);
  if ('set' in value) {
    const path = str(value.set, `${where}.set`);
    if ('value' in value) return { op: 'set', path, value: value.value };
    return { op: 'set', path, from: str(value.from, `${where}.from`) };
  }
  for (const op of ['add', 'replace', 'merge', 'remove'] as const) {
    if (op in value) return { op, path: str(value[op], `${where}.${op}`), key: str(value.key, `${where}.key`), from: str(value.from ?? '', `${where}.from`) };
  }
  throw new HistoriekSpecError(`${where} has none of set, add, replace, merge, remove`);
}

export function parseHistoriekSpec(value: unknown, file = HISTORIEK_FILE): HistoriekSpec {
  try {
    if (!isRecord(value)) throw new HistoriekSpecError('the file must be a mapping');
    const subject = isRecord(value.subject) ? value.subject : {};
    const operation = isRecord(value.operation) ? value.operation : {};
    const fields = isRecord(value.fields) ? value.fields : {};
    const replay: Record<string, ReplayRule[]> = {};
    if (value.replay !== undefined && !isRecord(value.replay)) throw new HistoriekSpecError('replay must map gebeurtenis types to lists of rules');
    for (const [type, rules] of Object.entries(value.replay ?? {})) {
      if (!Array.isArray(rules)) throw new HistoriekSpecError(`replay.${type} must be a list of rules ([] when it changes nothing)`);
      replay[type] = rules.map((item, i) => rule(item, `replay.${type}[${i}]`));
    }
    const pattern = subject.pattern === undefined ? undefined : str(subject.pattern, 'subject.pattern');
    if (pattern !== undefined) new RegExp(pattern);
    const spec: HistoriekSpec = {
      subject: { name: str(subject.name, 'subject.name'), pattern },
      operation: { method: str(operation.method ?? 'GET', 'operation.method').toUpperCase(), path: str(operation.path, 'operation.path') },
      list: str(value.list, 'list'),
      fields: {
        type: str(fields.type, 'fields.type'),
        description: str(fields.description, 'fields.description'),
        initiator: str(fields.initiator, 'fields.initiator'),
        time: str(fields.time, 'fields.time'),
        data: str(fields.data, 'fields.data'),
      },
      replay,
    };
    if (!spec.operation.path.includes(`{${spec.subject.name}}`)) throw new HistoriekSpecError(`operation.path must hold {${spec.subject.name}}`);
    return spec;
  } catch (error) {
    throw new HistoriekSpecError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
