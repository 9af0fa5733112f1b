import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { createShell, lazyApi } from './shell';

export type { ExtensionApi };

/**
 * Composition root of the extension. Kept thin on purpose (DESIGN.md): activation registers the
 * contributions through the shell (shell.ts) and returns; the engine (dist/engine.js: services.ts and
 * everything under it, a bundle of its own) is required just after, and its first refresh starts then.
 * A command, the view or a compare document asked for before that waits for it.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Notion Workspace Sync', { log: true });
  context.subscriptions.push(log);
  let loaded: ExtensionApi | undefined;
  let disposed = false;
  context.subscriptions.push({ dispose: () => void (disposed = true) });
  const shell = createShell(context, () => engine);
  // A macrotask later: loading the engine is not part of activation.
  const engine: Promise<ExtensionApi> = new Promise((resolve) => setImmediate(resolve)).then(async () => {
    if (disposed) throw new Error('Notion Workspace Sync was deactivated before it started');
    // require, not import(): Node's ESM loader would scan the 1.2 MiB bundle for its exports first (~50 ms).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startEngine } = require('./engine') as typeof import('./engine');
    return (loaded = await startEngine(context, log, shell));
  });
  engine.catch((err: unknown) => {
    if (disposed) return;
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${err instanceof Error && err.stack ? err.stack : message}`);
    void vscode.window
      .showErrorMessage(`Notion Workspace Sync could not start: ${message}`, 'Show Log')
      .then((choice) => {
        if (choice === 'Show Log') log.show();
      });
  });
  return lazyApi(
    log,
    shell,
    () => engine,
    () => loaded,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
