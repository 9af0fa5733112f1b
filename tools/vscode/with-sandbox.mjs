// Runs a command (a test runner) against a prepared world: the Notion sandbox on loopback and a
// throw-away copy of examples/demo-workspace whose databases exist in it, some items synced, one
// modified and the rest new. The command inherits the environment the extension host then sees:
//
//   NOTION_TOKEN, NOTION_API_BASE_URL   the sandbox (the extension and the CLI read these)
//   NOTION_SYNC_TEST_WORKSPACE          the prepared folder (tools/vscode/code-server.mjs opens it)
//   NOTION_SYNC_SANDBOX_URL, NOTION_SYNC_SANDBOX_ROOT   admin routes and the parent page, for tests
//
//   node tools/vscode/with-sandbox.mjs node tools/vscode/run-host-tests.mjs [ARGS…]
//
// Nothing in examples/ is modified. Exits with the command's exit code.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { buildIfNeeded, repoRoot, spawnGroup } from './code-server.mjs';

const log = (msg) => console.log(`[sandbox] ${msg}`);

/** Starts `notion-sync sandbox` and resolves to { url, token, rootPageId, stop() }. */
export async function startSandboxProcess() {
  const child = spawnGroup(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'sandbox', '--quiet'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`the sandbox exited (code ${code}) before printing its address`)));
  });
  const info = JSON.parse(first);
  return {
    ...info,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}

/** A copy of the demo workspace with databases in the sandbox: plans synced (one then edited), the rest new. */
export function prepareWorkspace(sandbox) {
  const root = mkdtempSync(join(tmpdir(), 'notion-sync-ws-'));
  const workspace = join(root, 'demo-workspace');
  cpSync(join(repoRoot, 'examples', 'demo-workspace'), workspace, { recursive: true, filter: (src) => !src.includes('.notion-sync-state') });
  const env = { ...process.env, NOTION_TOKEN: sandbox.token, NOTION_API_BASE_URL: sandbox.url, NOTION_SYNC_STATE_DIR: join(root, 'cli-state'), NOTION_SYNC_RPS: '0' };
  const cli = (...args) => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args, '--workspace', workspace, '--quiet'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`notion-sync ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  cli('init', '--parent-page', sandbox.rootPageId);
  cli('sync', 'plans', 'scripts/cleanup.sh');
  appendFileSync(join(workspace, 'plans', 'onboarding-checklist.md'), '\n- [ ] Edited locally after the last sync\n');
  return { root, workspace };
}

async function main() {
  const command = process.argv.slice(2);
  if (command.length === 0) {
    console.error('usage: node tools/vscode/with-sandbox.mjs CMD [ARGS…]');
    return 2;
  }
  buildIfNeeded();
  const started = Date.now();
  const sandbox = await startSandboxProcess();
  let prepared;
  try {
    prepared = prepareWorkspace(sandbox);
    log(`Notion sandbox on ${sandbox.url}; workspace ${prepared.workspace} initialized (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    const r = spawnSync(command[0], command.slice(1), {
      stdio: 'inherit',
      env: {
        ...process.env,
        NOTION_TOKEN: sandbox.token,
        NOTION_API_BASE_URL: sandbox.url,
        NOTION_SYNC_TEST_WORKSPACE: prepared.workspace,
        NOTION_SYNC_SANDBOX_URL: sandbox.url,
        NOTION_SYNC_SANDBOX_ROOT: sandbox.rootPageId,
        NOTION_SYNC_RPS: process.env.NOTION_SYNC_RPS ?? '0',
      },
    });
    return r.status ?? 1;
  } finally {
    await sandbox.stop();
    if (prepared) rmSync(prepared.root, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[sandbox] ${err.stack ?? err}`);
      process.exit(1);
    },
  );
}
