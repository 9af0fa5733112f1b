// Loaded by the extension host as `extensionTestsPath` (bench/activation/profile.ts bundles it): splits
// one cold activation into loading the bundle (`require`) and running `activate()`, and records a CPU
// profile of both, so that what activation spends its time on can be read rather than guessed.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
export const MARK = '[bench-activation-profile]';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const out = process.env.NOTION_SYNC_PROFILE_OUT;
  if (!ext || !out) {
    console.log(`${MARK} ${JSON.stringify({ error: !ext ? 'not installed' : 'NOTION_SYNC_PROFILE_OUT unset' })}`);
    return;
  }
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(session, 'Profiler.start');
  const t0 = performance.now();
  // The same module the host loads on activation: required here first, the host's require then finds it cached.
  const main = join(ext.extensionPath, (ext.packageJSON as { main: string }).main);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(main);
  const t1 = performance.now();
  let error: string | undefined;
  try {
    await ext.activate();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const t2 = performance.now();
  const ready: unknown = Reflect.get(Object(ext.exports), 'ready');
  if (ready instanceof Promise) await ready.catch(() => undefined);
  const t3 = performance.now();
  const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
  session.disconnect();
  writeFileSync(out, JSON.stringify(profile));
  console.log(
    `${MARK} ${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, readyMs: t3 - t0, error, vscode: vscode.version })}`,
  );
}
