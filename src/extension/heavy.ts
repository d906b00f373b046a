// The second bundle's entry (dist/extension-heavy.js, built by scripts/build.mjs): everything the
// extension needs only on first use — parsing, catalog and OpenAPI loading (yaml, json-schema-ref-parser,
// ajv), sending (undici), the sandbox lookup (x509), the language features. esbuild inlines an
// `await import()` into the same CJS file, where it is still parsed at activation; a separate
// file that the main bundle require()s on first use is what keeps activation cheap (STYLE.md §7).
// Only `./heavyModules` loads it; everything else imports its types only.
// Named re-exports rather than `export *`, so a name clash between two modules fails to compile.
export { HttpDocumentCache, parseHttp, requestAt, rangeContains } from '../core/http';
export { loadCatalog, registryForRequest, credentialNames } from '../core/catalog';
export { OpenApiCache, descriptionFetch, restrictedWorkspaceRefusal, bundledDescriptionOrigins, workerLoader } from '../core/openapi';
export { complete, hover, quickFixes, diagnoseAsync, loadFileContext, validateRecord } from '../core/language';
export { loadEnvironments } from '../core/env/loadEnvironments';
export { HistoryStore, defaultHistoryPath } from '../core/history/historyStore';
export { historyEntry } from '../core/history/historyEntry';
export { Redactor } from '../core/history/redactor';
export { prepareRequest } from '../core/run/prepareRequest';
export { runHttpFile } from '../core/run/runHttpFile';
export { editorSession } from './editorSession';
export { problemDiagnostics } from '../core/problems/problemDiagnostics';
export { editorTls } from './editorTls';
export { defaultStateDir } from '../sandbox/stateDir';
export { etagStoreFor } from '../core/policies/etagStore';
export { createScriptRunner, ScriptValueStore } from '../core/scripts';
export { SendPipeline } from '../core/send/sendPipeline';
export { ConnectionPool } from '../core/send/connectionPool';
export { findRunningSandbox } from '../sandbox/ensure';
export { parseTree, findNodeAtLocation } from 'jsonc-parser';
export { toCurl } from './curl';
export { operationMarkdown, registryMarkdown } from './documentation';
export { requestSnippet, snippetToText, requestFilePath } from './requestTemplate';
export { upgradeCheck } from '../core/specdiff/upgradeCheck';
export { diffView } from '../core/specdiff/diffView';
export { sortImpacts } from '../core/specdiff/impact/impactMap';
export { loadHistoriekSpec } from '../core/historiek/loadHistoriekSpec';
export { historiekPath, isHistoriekPath, readHistoriek, subjectOfPath } from '../core/historiek';
export { loadFlow } from '../core/flows/loadFlow';
export { parseArazzo } from '../core/flows/parseArazzo';
export { runFlow } from '../core/flows/runFlow';
export { HttpSteps } from '../core/flows/httpSteps';
export { projectCost } from '../core/flows/projectedCost';
export { initialView, applyEvent, finishView, failedView } from '../core/flows/runView';
export { completeArazzo } from '../core/flows/arazzoCompletion';
export { hoverArazzo } from '../core/flows/arazzoHover';
export { resolveSource } from '../core/flows/sources';
export { acceptedLocation, followHeaders } from '../core/policies/follow';
