// Every registry the sandbox can host, by id, loaded on demand so starting a subset stays cheap.
// Each module default-exports a `SandboxRegistryFactory`. The host applies `--latency` itself.
import type { SandboxRegistryFactory } from '../types';

export const registryModules: Record<string, () => Promise<{ default: SandboxRegistryFactory }>> = {
  kvk: () => import('./kvk'),
  'vr-publiek': () => import('./vr-publiek'),
  'vr-beheer': () => import('./vr-beheer'),
  'vr-acm': () => import('./vr-acm'),
  'vng-klanten': () => import('./vng-klanten'),
  'data-collectief': () => import('./data-collectief'),
  allsolutions: () => import('./allsolutions'),
};
