// The description-loading worker (src/core/openapi/loadWorker.ts) for tests, which run the
// TypeScript sources: tsx's require hook first, then the entry. The extension starts the built
// dist/openapiWorker.js instead.
require('tsx/cjs');
require('../../src/core/openapi/loadWorker.ts');
