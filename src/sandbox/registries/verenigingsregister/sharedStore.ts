import type { SandboxContext, SandboxRegistry } from '../../types';
import { seedVerenigingStore } from './seedVerenigingen';
import type { VerenigingStore } from './VerenigingStore';

/** vr-beheer owns the verenigingen; publiek and acm read the same store through it. */
export interface VerenigingStoreHost extends SandboxRegistry {
  readonly store: VerenigingStore;
}

export const STORE_OWNER_ID = 'vr-beheer';

/**
 * The store behind this sandbox's vr-beheer, so a write through beheer shows in publiek and acm at
 * once. A sandbox hosting publiek or acm without beheer gets a private seeded store instead.
 */
export function sharedStoreResolver(): (context: SandboxContext) => VerenigingStore {
  let own: VerenigingStore | undefined;
  return (context) => context.registry<VerenigingStoreHost>(STORE_OWNER_ID)?.store ?? (own ??= seedVerenigingStore());
}
