// The registry catalog's public face.
export type * from './types';
export type { CatalogDiagnostic } from './CatalogDiagnostic';
export { loadCatalog, findRegistry, findEnvironment, REGISTRY_FILE, WORKSPACE_REGISTRIES, type Catalog, type CatalogSources } from './loadCatalog';
export { registryForUrl, baseUrlMatchLength, pathAfterBaseUrl, type EnvironmentMatch } from './matchBaseUrl';
export { registryForRequest, resolveOpenApiDirective, type RegistryResolution, type RegistryLookupOptions } from './registryForRequest';
export { credentialNames } from './credentialNames';
