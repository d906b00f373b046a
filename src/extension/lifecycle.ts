// Two lifetimes (STYLE.md §6): objects that live as long as the extension register their
// listeners and children here and are disposed with it; objects that live for one run of
// something (a sandbox child process, a loaded spec index) get their own DisposableStore and are
// disposed when that run ends. Disposing twice is harmless; registering after disposal disposes
// the newcomer at once, so a late callback cannot leak.
import type * as vscode from 'vscode';

export interface Disposable {
  dispose(): unknown;
}

export class DisposableStore implements vscode.Disposable {
  private readonly children: Disposable[] = [];
  private disposed = false;

  register<T extends Disposable>(child: T): T {
    if (this.disposed) child.dispose();
    else this.children.push(child);
    return child;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Last registered first: children may depend on what was registered before them.
    for (const child of this.children.splice(0).reverse()) {
      try {
        child.dispose();
      } catch (error) {
        console.error('[register-explorer] dispose failed', error);
      }
    }
  }
}
