// What a new TLS connection costs with the trust a send now has (#15): Node's bundled roots plus
// the system's plus a private CA — a few hundred certificates. Passing them as `ca` to each
// tls.connect parses them all for every connection (what the connector did before, whenever a
// --ca was given); the connector now builds one SecureContext per pool dispatcher and hands it to
// every connection. Floor: a `ca` of the private root alone. Interleaved rounds, one process, a
// loopback HTTPS server under a CA made for the run. Prints median and p95 per connection
// (TCP connect to secureConnect) and the ratios to the floor.
//
//   npx tsx test/bench/tlsConnect.bench.ts [--runs 200]
import { connect, createSecureContext, type ConnectionOptions } from 'node:tls';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { createCertificateAuthority, issueServerCertificate } from '../../src/sandbox/tls';
import { defaultRoots } from '../../src/core/tls/systemCertificates';

const argv = process.argv.slice(2);
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function handshake(port: number, options: ConnectionOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
      const ms = performance.now() - started;
      if (!socket.authorized) reject(new Error(String(socket.authorizationError)));
      socket.destroy();
      resolve(ms);
    });
    socket.once('error', reject);
  });
}

async function main(): Promise<void> {
  const ca = await createCertificateAuthority({ commonName: 'Bench Private Root' });
  const leaf = await issueServerCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
  const server = createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const roots = [...defaultRoots({ system: true, env: process.env }), ca.cert];
  const context = createSecureContext({ ca: roots });
  const ways: { label: string; options: () => ConnectionOptions; times: number[] }[] = [
    { label: `floor: ca = the private root (1)`, options: () => ({ ca: [ca.cert] }), times: [] },
    { label: `before: ca = ${roots.length} roots per connection`, options: () => ({ ca: roots }), times: [] },
    { label: `now: one SecureContext of ${roots.length} roots`, options: () => ({ secureContext: context }), times: [] },
  ];
  for (const way of ways) await handshake(port, way.options()); // warm-up
  for (let i = 0; i < runs; i++) for (const way of ways) way.times.push(await handshake(port, way.options()));
  server.close();
  const floor = percentile(ways[0]!.times, 50);
  console.log(`TLS connection set-up, ${runs} per way, interleaved (load average ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
  for (const way of ways) {
    const median = percentile(way.times, 50);
    console.log(`${way.label.padEnd(48)} median ${median.toFixed(2)} ms  p95 ${percentile(way.times, 95).toFixed(2)} ms  ×${(median / floor).toFixed(2)} of the floor`);
  }
}

void main();
