// Runs a command (a test runner) against a prepared world: the Notion sandbox on loopback and a
// throw-away copy of examples/demo-workspace whose databases exist in it, some items synced, one
// modified and the rest new. The command inherits the environment the extension host then sees:
//
//   NOTION_TOKEN, NOTION_API_BASE_URL   the sandbox (the extension and the CLI read these)
//   NOTION_SYNC_TEST_WORKSPACE          the prepared folder (tools/vscode/code-server.mjs opens it)
//   NOTION_SYNC_SANDBOX_URL, NOTION_SYNC_SANDBOX_ROOT   admin routes and the parent page, for tests
//   CLAUDE_CONFIG_DIR, CODEX_HOME       fake agent stores (writeFakeChatStores): Claude Code sessions of
//                                       the prepared folder, of a folder inside it and of another folder
//   NOTION_SYNC_CHAT_CAPTURE_DELAY_MS   short delays for the agent-store watcher (automatic capture)
//
//   node tools/vscode/with-sandbox.mjs node tools/vscode/run-host-tests.mjs [ARGS…]
//
// Nothing in examples/ is modified. Exits with the command's exit code.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { buildIfNeeded, repoRoot, spawnGroup } from './code-server.mjs';

const log = (msg) => console.log(`[sandbox] ${msg}`);

/** Starts `notion-sync sandbox` and resolves to { url, token, rootPageId, stop() }. */
export async function startSandboxProcess() {
  const child = spawnGroup(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'sandbox', '--quiet'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
  cpSync(join(repoRoot, 'examples', 'demo-workspace'), workspace, {
    recursive: true,
    filter: (src) => !src.includes('.notion-sync-state'),
  });
  const env = {
    ...process.env,
    NOTION_TOKEN: sandbox.token,
    NOTION_API_BASE_URL: sandbox.url,
    NOTION_SYNC_STATE_DIR: join(root, 'cli-state'),
    NOTION_SYNC_RPS: '0',
  };
  const cli = (...args) => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), ...args, '--workspace', workspace, '--quiet'],
      { env, encoding: 'utf8' },
    );
    if (r.status !== 0)
      throw new Error(`notion-sync ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  cli('init', '--parent-page', sandbox.rootPageId);
  cli('sync', 'plans', 'scripts/cleanup.sh');
  appendFileSync(join(workspace, 'plans', 'onboarding-checklist.md'), '\n- [ ] Edited locally after the last sync\n');
  return { root, workspace };
}

/**
 * A multi-root workspace for test/host-multiroot/: two folders, `alpha-repo` and `beta-repo`, each with
 * its own `.notion-sync.json` (its own workspace name) and its own databases in the sandbox, and a
 * `multi-root.code-workspace` file listing both. In each, one plan is synced and one is new.
 * Returns { root, file, folders: [alpha, beta] }.
 */
export async function prepareMultiRootWorkspace(sandbox) {
  const root = mkdtempSync(join(tmpdir(), 'notion-sync-multi-'));
  const env = {
    ...process.env,
    NOTION_TOKEN: sandbox.token,
    NOTION_API_BASE_URL: sandbox.url,
    NOTION_SYNC_STATE_DIR: join(root, 'cli-state'),
    NOTION_SYNC_RPS: '0',
  };
  const folders = [];
  for (const name of ['alpha', 'beta']) {
    const folder = join(root, `${name}-repo`);
    // Its own parent page: `init` adopts a database of the same title under the same parent.
    const parent = await fetch(`${sandbox.url}/v1/pages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sandbox.token}`,
        'notion-version': '2025-09-03',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        parent: { page_id: sandbox.rootPageId },
        properties: { title: { title: [{ text: { content: `${name}-repo` } }] } },
      }),
    });
    if (!parent.ok)
      throw new Error(`creating the parent page of ${name}-repo: HTTP ${parent.status} ${await parent.text()}`);
    const parentPageId = (await parent.json()).id;
    mkdirSync(join(folder, 'plans'), { recursive: true });
    writeFileSync(join(folder, '.notion-sync.json'), JSON.stringify({ workspaceName: `${name}-repo` }, null, 2) + '\n');
    writeFileSync(join(folder, 'plans', `${name}-synced.md`), `# ${name}: synced before the window opens\n`);
    writeFileSync(join(folder, 'plans', `${name}-new.md`), `# ${name}: never synced\n`);
    for (const args of [
      ['init', '--parent-page', parentPageId],
      ['sync', `plans/${name}-synced.md`],
    ]) {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), ...args, '--workspace', folder, '--quiet'],
        { env, encoding: 'utf8' },
      );
      if (r.status !== 0)
        throw new Error(`notion-sync ${args.join(' ')} in ${folder} failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
    }
    folders.push(folder);
  }
  const file = join(root, 'multi-root.code-workspace');
  writeFileSync(
    file,
    JSON.stringify({ folders: folders.map((f) => ({ path: f.slice(root.length + 1) })), settings: {} }, null, 2) + '\n',
  );
  return { root, file, folders };
}

/** Session ids of the fake Claude Code store (test/host/chats.test.ts names them too). */
export const FAKE_SESSIONS = {
  /** two prompts and two answers, in the prepared folder */
  main: '5e551011-0000-4000-8000-00000000000a',
  /** one prompt and one answer, started in a folder inside it */
  sub: '5e551011-0000-4000-8000-00000000000b',
  /** another folder: never listed */
  other: '5e551011-0000-4000-8000-00000000000c',
};

/** Claude Code's folder-name encoding (every non-alphanumeric character → '-'). */
export const claudeProjectFolder = (cwd) => cwd.replace(/[^a-zA-Z0-9]/g, '-');

/** Claude Code transcript records (`<config>/projects/<encoded cwd>/<id>.jsonl`), as the CLI writes them. */
export function claudeRecords(sessionId, cwd, turns, startMs) {
  const records = [];
  let parent = null;
  let t = startMs;
  for (const [prompt, answer] of turns) {
    const base = () => ({
      parentUuid: parent,
      isSidechain: false,
      userType: 'external',
      cwd,
      sessionId,
      version: '2.1.230',
      gitBranch: 'main',
      uuid: randomUUID(),
      timestamp: new Date((t += 1000)).toISOString(),
    });
    const user = { ...base(), type: 'user', message: { role: 'user', content: prompt } };
    parent = user.uuid;
    records.push(user);
    const id = `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const assistant = {
      ...base(),
      parentUuid: parent,
      type: 'assistant',
      requestId: `req_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text: answer }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 4, output_tokens: 40 },
      },
    };
    parent = assistant.uuid;
    records.push(assistant);
  }
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Fake agent stores under `root`: Claude Code sessions of the workspace, of a subfolder and of another folder; an empty Codex home. */
export function writeFakeChatStores(root, workspace) {
  const claude = join(root, 'claude');
  const codex = join(root, 'codex');
  mkdirSync(join(codex, 'sessions'), { recursive: true });
  const start = Date.now() - 2 * 3600_000;
  const write = (id, cwd, turns, offset) => {
    const dir = join(claude, 'projects', claudeProjectFolder(cwd));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.jsonl`), claudeRecords(id, cwd, turns, start + offset));
  };
  write(
    FAKE_SESSIONS.main,
    workspace,
    [
      ['Plan the media ingest retries', 'Three retries with back-off; see plans/.'],
      ['Write it down as a plan', 'Done: plans/retry-policy.md.'],
    ],
    0,
  );
  write(
    FAKE_SESSIONS.sub,
    join(workspace, 'scripts'),
    [['Why does cleanup.sh skip hidden files?', 'Because of the glob; use find instead.']],
    60_000,
  );
  write(FAKE_SESSIONS.other, join(root, 'another-project'), [['Not this workspace', 'Never listed there.']], 120_000);
  return { claude, codex };
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
    const stores = writeFakeChatStores(prepared.root, prepared.workspace);
    log(
      `Notion sandbox on ${sandbox.url}; workspace ${prepared.workspace} initialized (${((Date.now() - started) / 1000).toFixed(1)}s)`,
    );
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
        CLAUDE_CONFIG_DIR: stores.claude,
        CODEX_HOME: stores.codex,
        NOTION_SYNC_CHAT_CAPTURE_DELAY_MS: process.env.NOTION_SYNC_CHAT_CAPTURE_DELAY_MS ?? '500',
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
