// The second bundle's entry (dist/extension-heavy.js, built by scripts/build.mjs): everything the
// extension needs only on first use — parsing, catalog and OpenAPI loading (yaml, json-schema-ref-parser,
// ajv), sending (undici), the sandbox lookup (x509), the language features. esbuild inlines an
// `await import()` into the same CJS file, where it is still parsed at activation; a separate
// file that the main bundle require()s on first use is what keeps activation cheap (STYLE.md §7).
// Only `./heavyModules` loads it; everything else imports its types only.
// Named re-exports rather than `export *`, so a name clash between two modules fails to compile.
export { HttpDocumentCache, parseHttp, requestAt, rangeContains } from '../core/http';
export { loadCatalog, registryForRequest } from '../core/catalog';
export { OpenApiCache } from '../core/openapi';
export { complete, hover, quickFixes, diagnoseAsync, loadFileContext, validateRecord } from '../core/language';
export { loadEnvironments } from '../core/env/loadEnvironments';
export { HistoryStore, defaultHistoryPath } from '../core/history/historyStore';
export { Redactor, DEFAULT_SENSITIVE_HEADERS } from '../core/history/redactor';
export { prepareRequest } from '../core/run/prepareRequest';
export { runHttpFile } from '../core/run/runHttpFile';
export { SendPipeline } from '../core/send/sendPipeline';
export { findRunningSandbox } from '../sandbox/ensure';
export { parseTree, findNodeAtLocation } from 'jsonc-parser';
export { toCurl } from './curl';
export { operationMarkdown, registryMarkdown } from './documentation';
export { requestSnippet, snippetToText } from './requestTemplate';
