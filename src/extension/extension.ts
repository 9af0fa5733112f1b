import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { registerConfigDiagnostics } from './config-diagnostics';

export type { ExtensionApi };

/**
 * Composition root of the extension: builds the services, registers the contributions and
 * pushes every disposable into `context.subscriptions`. Kept thin on purpose (DESIGN.md).
 */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const log = vscode.window.createOutputChannel('Notion Workspace Sync', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(registerConfigDiagnostics());
  try {
    const { startExtension } = await import('./services');
    return await startExtension(context, log);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${err instanceof Error && err.stack ? err.stack : message}`);
    void vscode.window
      .showErrorMessage(`Notion Workspace Sync could not start: ${message}`, 'Show Log')
      .then((choice) => {
        if (choice === 'Show Log') log.show();
      });
    throw err;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
