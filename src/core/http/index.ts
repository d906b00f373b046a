export type * from './ast';
export { parseHttp } from './parser';
export { requestAt } from './requestAt';
export { offsetAt, positionAt, comparePositions, rangeContains } from './position';
export { HttpDocumentCache } from './HttpDocumentCache';
export { classifyReference } from './references';
