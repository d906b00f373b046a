// A registry's historiek.yaml from its folder: undefined when the registry keeps no historiek.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HISTORIEK_FILE, HistoriekSpecError, parseHistoriekSpec } from './historiekSpec';
import type { HistoriekSpec } from './types';

export async function loadHistoriekSpec(registryFolder: string): Promise<HistoriekSpec | undefined> {
  const file = join(registryFolder, HISTORIEK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HistoriekSpecError(`${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    // Required here: a run whose registry keeps no historiek never initialises the YAML parser.
    value = (require('yaml') as typeof import('yaml')).parse(text);
  } catch (error) {
    throw new HistoriekSpecError(`${file}: not YAML: ${(error as Error).message}`);
  }
  return parseHistoriekSpec(value, file);
}
