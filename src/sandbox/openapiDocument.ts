import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** Reads a registry's `openapi.yaml` once and returns it as the JSON text `GET /openapi.json` serves. */
export async function loadOpenApiJson(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`sandbox OpenAPI document ${file} cannot be read: ${(error as Error).message}`);
  }
  return JSON.stringify(parse(text));
}
