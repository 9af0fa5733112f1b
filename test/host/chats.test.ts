// Agent chats in the editor (issue 7), inside a real VS Code extension host against the Notion sandbox:
// the Agent Chats category lists this workspace's sessions from a fake Claude Code store (written by
// tools/vscode/with-sandbox.mjs, passed as CLAUDE_CONFIG_DIR) with new / captured / has-new-turns
// badges; "Capture Agent Chats" captures one session given by id, or the quick pick's selection; the
// optional automatic capture follows a changed session file. Skipped without the prepared world.
import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { countMessages, findSessions } from '../../src/core/chats';
import { loadConfig } from '../../src/core/config';
import type { ExtensionApi } from '../../src/extension/extension';
import { Commands, ContextValues } from '../../src/extension/ids';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';
const SANDBOX = process.env.NOTION_SYNC_SANDBOX_URL;
const TOKEN = process.env.NOTION_TOKEN;
const CLAUDE = process.env.CLAUDE_CONFIG_DIR;
/** The ids tools/vscode/with-sandbox.mjs writes (FAKE_SESSIONS there). */
const SESSIONS = {
  main: '5e551011-0000-4000-8000-00000000000a',
  sub: '5e551011-0000-4000-8000-00000000000b',
  other: '5e551011-0000-4000-8000-00000000000c',
};

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Appends one prompt and one answer to the main session's transcript, as Claude Code would. */
function growMainSession(prompt: string, answer: string): void {
  const file = join(CLAUDE!, 'projects', root().replace(/[^a-zA-Z0-9]/g, '-'), `${SESSIONS.main}.jsonl`);
  assert.ok(existsSync(file), `no fake transcript at ${file}`);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  let parent = (JSON.parse(lines[lines.length - 1]!) as { uuid: string }).uuid;
  const base = (): Record<string, unknown> & { uuid: string } => ({
    parentUuid: parent,
    isSidechain: false,
    userType: 'external',
    cwd: root(),
    sessionId: SESSIONS.main,
    version: '2.1.230',
    gitBranch: 'main',
    uuid: randomUUID(),
    timestamp: new Date().toISOString(),
  });
  const user = { ...base(), type: 'user', message: { role: 'user', content: prompt } };
  parent = user.uuid;
  const assistant = {
    ...base(),
    type: 'assistant',
    requestId: `req_${randomUUID().slice(0, 8)}`,
    message: {
      id: `msg_${randomUUID().slice(0, 8)}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: answer }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    },
  };
  appendFileSync(file, `${JSON.stringify(user)}\n${JSON.stringify(assistant)}\n`);
}

/** Rows of the Agent Chats database with this Session ID, read straight from the sandbox. */
async function agentChatRows(
  sessionId: string,
): Promise<
  Array<{ id: string; properties: Record<string, { number?: number; rich_text?: Array<{ plain_text: string }> }> }>
> {
  const headers = {
    authorization: `Bearer ${TOKEN}`,
    'notion-version': '2025-09-03',
    'content-type': 'application/json',
  };
  const config = await loadConfig(root());
  const databaseId = config.categories.agentChats?.databaseId;
  assert.ok(databaseId, 'no Agent Chats database in .notion-sync.json');
  const db = (await (await fetch(`${SANDBOX}/v1/databases/${databaseId}`, { headers })).json()) as {
    data_sources: Array<{ id: string }>;
  };
  const r = await fetch(`${SANDBOX}/v1/data_sources/${db.data_sources[0]!.id}/query`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ filter: { property: 'Session ID', rich_text: { equals: sessionId } } }),
  });
  assert.ok(r.ok, `query: HTTP ${r.status}`);
  return ((await r.json()) as { results: Array<{ id: string; properties: Record<string, never> }> }).results;
}

suite('Agent chats in the editor', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  suiteSetup(async function () {
    if (!SANDBOX || !TOKEN || !CLAUDE) {
      console.log('      (no sandbox or fake agent store: run through `npm run test:host`; skipping)');
      this.skip();
    }
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.ready;
    await api.whenIdle();
    assert.equal(api.viewState, 'ready');
  });

  const node = (id: string): vscode.TreeItem | undefined => api.chatNodeFor(id) as vscode.TreeItem | undefined;
  const badge = (id: string): vscode.FileDecoration | undefined => {
    const item = node(id);
    return item?.resourceUri ? api.decorationFor(item.resourceUri) : undefined;
  };
  const chatCategory = async (): Promise<vscode.TreeItem> => {
    const roots = (await api.treeDataProvider.getChildren(undefined)) ?? [];
    const cat = roots.find((r) => r.label === 'Agent Chats');
    assert.ok(cat, 'no Agent Chats category');
    return cat;
  };

  test('Agent Chats lists this workspace\'s sessions (tool icon, title, date, message count, "new" badge), not another folder\'s', async () => {
    const cat = await chatCategory();
    const kids = (await api.treeDataProvider.getChildren(cat)) ?? [];
    const chats = kids.filter((k) => k.contextValue?.startsWith('notionSync.chat.'));
    const ids = chats.map((c) => String(c.id)).sort();
    assert.deepEqual(
      ids,
      [`chat:claude-code:${SESSIONS.main}`, `chat:claude-code:${SESSIONS.sub}`].sort(),
      `listed: ${ids.join(', ')}`,
    );
    assert.equal(node(SESSIONS.other), undefined, 'a session of another folder is listed');
    assert.match(String(cat.description), /2 sessions · 2 not captured/);

    const main = node(SESSIONS.main)!;
    assert.equal(main.label, 'Plan the media ingest retries');
    assert.match(String(main.description), /^\d{4}-\d{2}-\d{2} · 4 messages · not captured$/);
    assert.ok(
      main.iconPath instanceof vscode.ThemeIcon && main.iconPath.id === 'sparkle',
      'Claude Code sessions have the Claude icon',
    );
    assert.equal(main.contextValue, ContextValues.chatNew);
    assert.equal(badge(SESSIONS.main)?.badge, '+');
    assert.ok(badge(SESSIONS.main)?.color instanceof vscode.ThemeColor);
    assert.match(String(node(SESSIONS.sub)!.description), /· 2 messages/);
    const tip = (main.tooltip as vscode.MarkdownString).value;
    assert.match(tip, /Claude Code/);
    assert.match(tip, /Not captured yet/);
  });

  test('automatic capture never pushes a tool\'s first sessions: it holds them and offers "Review…"', async () => {
    const extra = '5e551011-0000-4000-8000-0000000000ee';
    const dir = join(CLAUDE!, 'projects', root().replace(/[^a-zA-Z0-9]/g, '-'));
    const file = join(dir, `${extra}.jsonl`);
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showInformationMessage;
    const told: string[] = [];
    win.showInformationMessage = (message: string) => {
      told.push(message);
      return Promise.resolve(undefined);
    };
    const config = vscode.workspace.getConfiguration('notionSync');
    await config.update('captureChatsAutomatically', true, vscode.ConfigurationTarget.Workspace);
    try {
      // a new Claude Code session appears while no Claude Code row exists yet
      writeFileSync(file, readFileSync(join(dir, `${SESSIONS.main}.jsonl`), 'utf8').replaceAll(SESSIONS.main, extra));
      let report: { held?: number; captured?: number; sessions?: Array<{ id: string; action: string }> } | undefined;
      for (let i = 0; i < 200 && !report?.held; i++) {
        await sleep(100);
        report = (await api.lastAutomaticCapture()) as typeof report;
      }
      assert.ok(report?.held, `not held: ${JSON.stringify(report)}`);
      assert.equal(report.captured, 0);
      assert.equal(report.sessions?.find((x) => x.id === extra)?.action, 'held');
      assert.equal((await agentChatRows(extra)).length, 0, 'a first session was pushed automatically');
      assert.ok(
        told.some((m) => /did not send the first Claude Code chats/.test(m)),
        `no "Review…" offer: ${told.join(' | ')}`,
      );
    } finally {
      await config.update('captureChatsAutomatically', undefined, vscode.ConfigurationTarget.Workspace);
      win.showInformationMessage = original;
      rmSync(file, { force: true });
      await vscode.commands.executeCommand(Commands.refresh);
      await api.whenIdle();
    }
    assert.equal(node(extra), undefined);
  });

  test('"Capture Agent Chats" on one session (by id): the first push of Claude Code asks with a preview; captured badge, markdown under agent-chats/, a row in Notion, listed once', async () => {
    // the first push of a tool: a modal with what it sends; Cancel first (nothing sent), then Capture
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showWarningMessage;
    const asked: Array<{ message: string; detail?: string }> = [];
    let answer: string | undefined;
    win.showWarningMessage = (message: string, options: vscode.MessageOptions, ...items: string[]) => {
      assert.equal(options.modal, true);
      assert.deepEqual(items, ['Capture']);
      asked.push({ message, detail: options.detail });
      return Promise.resolve(answer);
    };
    let report: { captured: number; held: number; sessions: Array<{ id: string; path: string }> };
    try {
      const cancelled = (await vscode.commands.executeCommand(Commands.captureChats, SESSIONS.main)) as typeof report;
      assert.equal(cancelled.held, 1, JSON.stringify(cancelled));
      assert.equal(cancelled.captured, 0);
      assert.equal((await agentChatRows(SESSIONS.main)).length, 0, 'sent although cancelled');
      answer = 'Capture';
      report = (await vscode.commands.executeCommand(Commands.captureChats, SESSIONS.main)) as typeof report;
    } finally {
      win.showWarningMessage = original;
    }
    assert.equal(asked.length, 2);
    assert.match(asked[0]!.message, /First capture of Claude Code chats/);
    assert.match(String(asked[0]!.detail), /Claude Code: 1 session, 4 messages, redactions: none/);
    await api.whenIdle();
    assert.equal(report.captured, 1, JSON.stringify(report));
    assert.deepEqual(
      report.sessions.map((s) => s.id),
      [SESSIONS.main],
      'only the given session is captured',
    );

    const main = node(SESSIONS.main)!;
    assert.equal(main.contextValue, ContextValues.chatCaptured);
    assert.equal(badge(SESSIONS.main)?.badge, '✓');
    assert.equal(node(SESSIONS.sub)?.contextValue, ContextValues.chatNew, 'the other session is still new');

    const path = report.sessions[0]!.path;
    assert.match(path, /^agent-chats\/claude-code\/.+\.md$/);
    assert.ok(existsSync(join(root(), path)), `${path} was not written`);
    assert.match(readFileSync(join(root(), path), 'utf8'), /Plan the media ingest retries/);
    // Clicking the session opens its export as a preview, the focus staying in the tree.
    assert.equal(main.command?.command, Commands.openFile);
    assert.deepEqual(main.command?.arguments, [path, { preview: true, preserveFocus: true }]);

    const rows = await agentChatRows(SESSIONS.main);
    assert.equal(rows.length, 1, 'exactly one Agent Chats row');
    assert.equal(rows[0]!.properties['Messages']?.number, 4);

    // The exported file belongs to the listed session: it is not a second item under Agent Chats.
    const kids = (await api.treeDataProvider.getChildren(await chatCategory())) ?? [];
    const walk = async (items: vscode.TreeItem[]): Promise<vscode.TreeItem[]> =>
      (
        await Promise.all(
          items.map(async (k) => [k, ...(await walk((await api.treeDataProvider.getChildren(k)) ?? []))]),
        )
      ).flat();
    const all = await walk(kids);
    assert.equal(
      all.filter((k) => k.contextValue?.startsWith('notionSync.item.') && String(k.id).endsWith(path)).length,
      0,
      'the export is listed twice',
    );
    assert.equal(api.treeItemFor(path), undefined);
  });

  test('a captured session that grew shows "has new turns"; with automatic capture on, a change is captured by itself', async () => {
    growMainSession('And the alerting?', 'Page the on-call after the third failure.');
    await vscode.commands.executeCommand(Commands.refresh);
    await api.whenIdle();
    assert.equal(node(SESSIONS.main)?.contextValue, ContextValues.chatGrown);
    assert.equal(badge(SESSIONS.main)?.badge, 'M');
    assert.match(String(badge(SESSIONS.main)?.tooltip), /^2 new turns/);
    assert.match(String(node(SESSIONS.main)?.description), /6 messages · 2 new/);

    const config = vscode.workspace.getConfiguration('notionSync');
    await config.update('captureChatsAutomatically', true, vscode.ConfigurationTarget.Workspace);
    try {
      assert.ok(
        api.watchedChatStores.some((w) => w.startsWith(join(CLAUDE!, 'projects'))),
        `Claude Code store not watched: ${api.watchedChatStores.join(', ')}`,
      );
      growMainSession('One more question', 'One more answer.');
      for (let i = 0; i < 200 && node(SESSIONS.main)?.contextValue !== ContextValues.chatCaptured; i++)
        await sleep(100);
      await api.lastAutomaticCapture();
      await api.whenIdle();
      assert.equal(
        node(SESSIONS.main)?.contextValue,
        ContextValues.chatCaptured,
        'the changed session was not captured automatically',
      );
      assert.equal((await agentChatRows(SESSIONS.main))[0]!.properties['Messages']?.number, 8);
      assert.equal(
        node(SESSIONS.sub)?.contextValue,
        ContextValues.chatNew,
        'an unchanged session is not captured automatically',
      );
    } finally {
      await config.update('captureChatsAutomatically', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('"Capture Agent Chats…" from the palette offers every session, the not-captured ones pre-selected', async () => {
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showQuickPick;
    let offered: Array<vscode.QuickPickItem & { id: string }> = [];
    win.showQuickPick = (items: Array<vscode.QuickPickItem & { id: string }>, options: vscode.QuickPickOptions) => {
      assert.equal(options.canPickMany, true);
      offered = items;
      return Promise.resolve(items.filter((i) => i.picked));
    };
    try {
      const report = (await vscode.commands.executeCommand(Commands.captureChats)) as {
        captured: number;
        sessions: Array<{ id: string }>;
      };
      await api.whenIdle();
      assert.deepEqual(offered.map((o) => o.id).sort(), [SESSIONS.main, SESSIONS.sub].sort());
      assert.deepEqual(
        offered.filter((o) => o.picked).map((o) => o.id),
        [SESSIONS.sub],
      );
      assert.equal(report.captured, 1);
      assert.deepEqual(
        report.sessions.map((s) => s.id),
        [SESSIONS.sub],
      );
    } finally {
      win.showQuickPick = original;
    }
    assert.equal(node(SESSIONS.sub)?.contextValue, ContextValues.chatCaptured);
  });
});

// Issue 15: the formats that need more than JSON.parse — a zstd-compressed Codex rollout (fzstd, pure JS) and an
// OpenCode database whose newest session lives only in its write-ahead log (replayed by wal.ts for sql.js) — are
// read by the engine running inside the extension host, not only under the test runner's Node. Needs no sandbox.
suite('Agent chat stores that need a decoder, read in the extension host', function () {
  this.timeout(30_000);
  const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'chats');
  let home: string;

  suiteSetup(() => {
    home = mkdtempSync(join(tmpdir(), 'nws-host-chats-'));
    const day = join(home, '.codex', 'sessions', '2026', '06', '01');
    mkdirSync(day, { recursive: true });
    const rollout = 'rollout-2026-06-01T09-00-00-019e2a10-7c3b-7d41-9a52-5f0c3e8b1d27.jsonl.zst';
    copyFileSync(join(fixtures, 'codex-zst', rollout), join(day, rollout));
    const data = join(home, '.local', 'share', 'opencode');
    mkdirSync(data, { recursive: true });
    for (const f of ['opencode.db', 'opencode.db-wal']) copyFileSync(join(fixtures, 'opencode-wal', f), join(data, f));
  });
  suiteTeardown(() => rmSync(home, { recursive: true, force: true }));

  test('a .jsonl.zst Codex rollout is decompressed and read', async () => {
    assert.ok(vscode.version, 'running inside VS Code');
    const r = await findSessions({ workspaceFolder: '/nws-fixtures/zst-app', home, env: {}, tools: ['codex'] });
    assert.deepEqual(
      r.sessions.map((s) => [s.id, countMessages(s)]),
      [['019e2a10-7c3b-7d41-9a52-5f0c3e8b1d27', 4]],
    );
    assert.ok(!r.sessions[0].title.includes('sk-ant'), r.sessions[0].title);
  });

  test('an OpenCode database under WAL is read, including the session only in the log', async () => {
    const r = await findSessions({ workspaceFolder: '/nws-fixtures/oc-app', home, env: {}, tools: ['opencode'] });
    assert.deepEqual(r.sessions.map((s) => [s.id, countMessages(s)]).sort(), [
      ['ses_checkpointed', 4],
      ['ses_walonly', 2],
    ]);
    assert.ok(!r.warnings.some((w) => /may be missing|cannot open/.test(w.message)), JSON.stringify(r.warnings));
  });
});
