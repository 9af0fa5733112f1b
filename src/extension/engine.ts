import type * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { registerConfigDiagnostics } from './config-diagnostics';
import { startExtension } from './services';
import type { Shell } from './shell';

/**
 * Entry point of dist/engine.js, the bundle extension.ts loads right after activation: the engine
 * (src/core through services.ts), the validator of `.notion-sync.json`, the UI that follows the model.
 */
export async function startEngine(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  shell: Shell,
): Promise<ExtensionApi> {
  context.subscriptions.push(registerConfigDiagnostics());
  return startExtension(context, log, shell);
}
