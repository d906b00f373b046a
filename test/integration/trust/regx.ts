// `regx` in process, with its stdout and stderr captured: for commands that need no child process.
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main';

export interface RegxResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function regx(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<RegxResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: options.cwd, NO_COLOR: '1', ...options.env };
  const code = await main(args, { stdout, stderr, env, cwd: options.cwd, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}
