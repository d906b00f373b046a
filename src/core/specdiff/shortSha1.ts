// The first eight hex digits of a text's SHA-1 (of its UTF-8 bytes): what a change's id is made
// of. crypto.hash, the one-shot form: the diff of two big descriptions makes thousands of ids
// from short keys, and createHash cost ~10 µs of object set-up each (crypto.hash about half).
// A SHA-1 written in JavaScript was tried: as fast once optimised, but in a one-shot `regx
// spec-diff` it mostly ran unoptimised (233 ms for 3174 ids in a profile under load).

import * as crypto from 'node:crypto';

export function shortSha1(text: string): string {
  // crypto.hash is Node 20.12+; createHash where it is missing
  const digest = typeof crypto.hash === 'function' ? crypto.hash('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
  return digest.slice(0, 8);
}
