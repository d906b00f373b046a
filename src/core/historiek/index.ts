export type { Gebeurtenis, HistoriekSpec, ReplayRule } from './types';
export { HISTORIEK_FILE, HistoriekSpecError, parseHistoriekSpec } from './historiekSpec';
export { NotAHistoriekError, historiekPath, isHistoriekPath, readHistoriek, subjectOfPath } from './readHistoriek';
export type { ReadHistoriek } from './readHistoriek';
export { replay, valueAt } from './replay';
export type { FieldStatus, ReplayedState, ReplayNote } from './replay';
export { dataDiff } from './dataDiff';
export type { DiffKind, DiffRow } from './dataDiff';
