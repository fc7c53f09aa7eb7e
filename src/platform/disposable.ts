import type * as vscode from 'vscode';

/** Disposes every item, collecting failures so one bad disposer does not leak the rest. */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const d of disposables) {
    try {
      d.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'several disposers failed');
}

export function toDisposable(dispose: () => void): vscode.Disposable {
  let done = false;
  return {
    dispose: () => {
      if (!done) {
        done = true;
        dispose();
      }
    },
  };
}

/**
 * Base for long-lived objects that own other disposables. Registering on an already
 * disposed owner disposes the newcomer at once, so late async work cannot leak listeners.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned = new Set<vscode.Disposable>();
  private disposedFlag = false;

  protected get isDisposed(): boolean {
    return this.disposedFlag;
  }

  protected register<T extends vscode.Disposable>(value: T): T {
    if (this.disposedFlag) value.dispose();
    else this.owned.add(value);
    return value;
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    const items = [...this.owned];
    this.owned.clear();
    disposeAll(items);
  }
}
