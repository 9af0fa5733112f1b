// Loaded by VS Code's extension host as `extensionTestsPath` (bench/scenarios/extension.ts bundles it):
// activates the extension once, in a workspace where nothing activated it before, and prints the time.
import * as vscode from 'vscode';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
export const MARK = '[bench-activation]';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    console.log(`${MARK} ${JSON.stringify({ error: `${EXTENSION_ID} is not installed` })}`);
    return;
  }
  const wasActive = ext.isActive;
  const start = performance.now();
  let error: string | undefined;
  try {
    await ext.activate();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const ms = performance.now() - start;
  console.log(`${MARK} ${JSON.stringify({ ms, wasActive, active: ext.isActive, error, vscode: vscode.version })}`);
}
