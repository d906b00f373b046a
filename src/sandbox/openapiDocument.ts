import { readFile } from 'node:fs/promises';
import { parseDocumentText } from '../core/openapi/parseDocumentText';

/**
 * A registry's `openapi.yaml` as the JSON text `GET /openapi.json` serves, read and converted on
 * the first request and kept: parsing seven documents is most of a cold start's work otherwise.
 */
export function lazyOpenApiJson(file: string): () => Promise<string> {
  let loaded: Promise<string> | undefined;
  return () => {
    loaded ??= loadOpenApiJson(file);
    return loaded;
  };
}

export async function loadOpenApiJson(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`sandbox OpenAPI document ${file} cannot be read: ${(error as Error).message}`);
  }
  return JSON.stringify(parseDocumentText(text, file));
}
