// node:tls, required on first use: a `regx run` against plain HTTP never loads it (~5 ms of
// start-up, node --cpu-prof). Every module that builds a secure context or reads the roots goes
// through this one accessor.

export function nodeTls(): typeof import('node:tls') {
  return require('node:tls') as typeof import('node:tls');
}
