// Features that put a node under each registry in the Registries view (ETag store, Cost meter, …).
// A node shows only once its feature is registered here, so the tree never offers a row that
// does nothing when clicked. No `vscode` here: tested in plain Node. Contract in INTERFACES.md.
import type { RegistryEntry } from '../core/catalog/types';

export interface TreeFeature {
  /** Stable id, e.g. `etagStore`, `costMeter`. */
  id: string;
  label: string;
  /** A codicon name (`versions`, `credit-card`). */
  icon: string;
  /** The command a click runs; it receives the registry id as its argument. */
  command: string;
  tooltip?: string;
  /** Only for some registries (a cost meter for registries with a cost model); default all. */
  appliesTo?(registry: RegistryEntry): boolean;
}

export class TreeFeatures {
  private readonly features = new Map<string, TreeFeature>();
  private readonly listeners = new Set<() => void>();

  /** Adds a feature's node under every registry it applies to; dispose to take it away again. */
  register(feature: TreeFeature): { dispose(): void } {
    this.features.set(feature.id, feature);
    this.fire();
    return {
      dispose: () => {
        if (this.features.get(feature.id) !== feature) return;
        this.features.delete(feature.id);
        this.fire();
      },
    };
  }

  /** The registered features that apply to a registry, in registration order. */
  forRegistry(registry: RegistryEntry): TreeFeature[] {
    return [...this.features.values()].filter((feature) => feature.appliesTo?.(registry) ?? true);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const listener of this.listeners) listener();
  }
}
