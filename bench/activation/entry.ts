// Loaded by VS Code's extension host as `extensionTestsPath` (bench/scenarios/extension.ts bundles it):
// activates the extension once, in a workspace where nothing activated it before, and prints the time;
// then how long until the API's `ready` settled (the engine loaded and its first read of the workspace
// done), from the same start: what activation leaves for just after it.
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
  let readyMs: number | undefined;
  const ready: unknown = error ? undefined : Reflect.get(Object(ext.exports), 'ready');
  if (ready instanceof Promise) {
    try {
      await ready;
      readyMs = performance.now() - start;
    } catch (err) {
      error = `ready: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  console.log(
    `${MARK} ${JSON.stringify({ ms, readyMs, wasActive, active: ext.isActive, error, vscode: vscode.version })}`,
  );
}
