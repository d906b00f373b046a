// The OpenAPI layer's public face: load, match, validate, cache.
export type * from './types';
export { loadOpenApi, loadOpenApiWithSources, openApiVersionOf, type LoadedOpenApi } from './loadOpenApi';
export type { OpenApiHost } from './documentSource';
export { OpenApiError, isOpenApiError, type OpenApiErrorKind } from './OpenApiError';
export { matchOperation, matchPath, requestPath, type MatchOptions } from './matchOperation';
export { validateRequestBody, validateResponse, pickMediaType, pickResponse, type OperationRef } from './validateMessage';
export { validateSchema } from './schemaValidator';
export { workerLoader, loadInWorker, workerThreadOf, DEFAULT_MIN_WORKER_BYTES, DEFAULT_MAX_DESCRIPTION_FILE_BYTES, type WorkerLoaderOptions, type DescriptionLoader } from './workerLoader';
export { OpenApiCache, type OpenApiCacheHost, type OpenApiCacheOptions, type FileStat } from './OpenApiCache';
export { validateDocument, type DocumentValidation, type DocumentProblem } from './validateDocument';
export { descriptionFetch, restrictedWorkspaceRefusal, bundledDescriptionOrigins, MAX_DESCRIPTION_BYTES, type DescriptionFetchOptions } from './descriptionFetch';
