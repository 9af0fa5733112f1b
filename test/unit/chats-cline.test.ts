import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { sqlJsOpener } from '../../src/core/chats/sqlite';
import { EXT_IDS, writeTask } from '../fixtures/chats/cline';
import { FAKE_SECRETS, makeTempHome, writeFile, writeJson } from '../fixtures/chats/home';
import { writeStateDb } from '../fixtures/chats/sqlite';

const T0 = Date.parse('2026-01-20T09:00:00.000Z');

async function setup() {
  const h = makeTempHome();
  const code = h.userDir('Code');
  const cline = path.join(code, 'globalStorage', EXT_IDS.cline);
  const roo = path.join(code, 'globalStorage', EXT_IDS.roo);
  const kilo = path.join(h.userDir('Cursor'), 'globalStorage', EXT_IDS.kilo);

  // Cline: task 1 mapped by taskHistory.json cwdOnTaskInitialization; follow-up feedback, command with output, tool
  writeTask(cline, {
    id: String(T0),
    ts: T0,
    task: `Add dark mode toggle (use ${FAKE_SECRETS.github})`,
    cwd: h.other, // environment details say "other": the history item wins
    events: [
      { reasoning: 'Need a ThemeContext.' },
      { text: "I'll add a ThemeContext." },
      { tool: { tool: 'editedExistingFile', path: 'src/App.tsx', diff: '+ <Toggle/>' } },
      { command: 'npm test', output: '3 passing' },
      { completion: 'Dark mode toggle added.' },
      { feedback: 'make it remember the choice' },
      { text: 'Stored in localStorage.' },
      { completion: 'Done.' },
    ],
  });
  // Cline: task 2 without history item → environment details (subfolder of the workspace)
  writeTask(cline, {
    id: String(T0 + 1000),
    ts: T0 + 1000,
    task: 'explain the api package',
    cwd: h.wsSub,
    events: [{ text: 'It serves HTTP.' }],
  });
  // Cline: task 3 of another workspace, task 4 of the prefix trap
  writeTask(cline, { id: String(T0 + 2000), ts: T0 + 2000, task: 'other', cwd: h.other, events: [{ text: 'x' }] });
  writeTask(cline, { id: String(T0 + 3000), ts: T0 + 3000, task: 'trap', cwd: h.prefixTrap, events: [{ text: 'x' }] });
  // Cline: only api_conversation_history (ui_messages missing); mapped via globalState in the global state.vscdb
  writeTask(
    cline,
    { id: String(T0 + 4000), ts: T0 + 4000, task: 'api history only', cwd: 'unknown', events: [] },
    { ui: false },
  );
  writeJson(path.join(cline, 'state', 'taskHistory.json'), [
    {
      id: String(T0),
      ts: T0,
      task: 'Add dark mode toggle',
      tokensIn: 1,
      tokensOut: 2,
      totalCost: 0,
      cwdOnTaskInitialization: h.ws,
      shadowGitConfigWorkTree: h.ws,
      modelId: 'claude-sonnet-4-5',
    },
    { id: String(T0 + 2000), ts: T0 + 2000, task: 'other', cwdOnTaskInitialization: h.other },
  ]);
  await writeStateDb(path.join(code, 'globalStorage', 'state.vscdb'), {
    itemTable: {
      [EXT_IDS.cline]: {
        taskHistory: [
          { id: String(T0 + 4000), ts: T0 + 4000, task: 'api history only', shadowGitConfigWorkTree: h.ws },
        ],
      },
    },
  });
  // Cline: corrupt ui_messages.json in a task of this workspace → warning, falls back to api history
  const corruptDir = writeTask(cline, {
    id: String(T0 + 5000),
    ts: T0 + 5000,
    task: 'corrupt ui',
    cwd: h.ws,
    events: [],
  });
  const corrupt = path.join(corruptDir, 'ui_messages.json');
  writeFile(corrupt, '[{"ts":1,"type":"say","say":"task","text":"cut');

  // Roo: HistoryItem.workspace in history_item.json and tasks/_index.json; title from HistoryItem.title
  const r1 = writeTask(roo, {
    id: 'b7f3c1d2-0000-4000-8000-000000000001',
    ts: T0 + 10000,
    task: 'refactor the router',
    cwd: h.other,
    model: 'gpt-5',
    events: [{ text: 'Split into modules.' }],
  });
  writeJson(path.join(r1, 'history_item.json'), {
    id: 'b7f3c1d2-0000-4000-8000-000000000001',
    number: 1,
    ts: T0 + 10000,
    task: 'refactor the router',
    title: 'Router refactor',
    workspace: h.ws,
    mode: 'code',
    tokensIn: 1,
    tokensOut: 1,
    totalCost: 0,
  });
  writeTask(roo, {
    id: 'b7f3c1d2-0000-4000-8000-000000000002',
    ts: T0 + 11000,
    task: 'other roo',
    cwd: h.ws,
    events: [{ text: 'x' }],
  });
  writeJson(path.join(roo, 'tasks', '_index.json'), {
    version: 1,
    updatedAt: T0,
    entries: [{ id: 'b7f3c1d2-0000-4000-8000-000000000002', ts: T0 + 11000, task: 'other roo', workspace: h.other }],
  });

  // Kilo (installed in Cursor): one task of this workspace via environment details
  writeTask(kilo, {
    id: 'k1110000-0000-4000-8000-000000000001',
    ts: T0 + 20000,
    task: 'kilo task',
    cwd: h.ws,
    events: [{ text: 'kilo answer' }],
  });
  return { h, corrupt };
}

test('Cline / Roo / Kilo: tasks of this workspace only, with counts, titles, models, times and warnings', async () => {
  const { h, corrupt } = await setup();
  try {
    const r = await findSessions(
      { workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux', tools: ['cline', 'roo', 'kilo'] },
      { openSqlite: sqlJsOpener() },
    );
    assert.deepEqual(
      r.sessions.map((s) => `${s.tool}:${s.id}`).sort(),
      [
        `cline:${T0}`,
        `cline:${T0 + 1000}`,
        `cline:${T0 + 4000}`,
        `cline:${T0 + 5000}`,
        'kilo:k1110000-0000-4000-8000-000000000001',
        'roo:b7f3c1d2-0000-4000-8000-000000000001',
      ].sort(),
    );

    const t1 = r.sessions.find((s) => s.id === String(T0))!;
    assert.equal(t1.title, 'Add dark mode toggle');
    // prompts: task + feedback; replies: (reasoning, text, tool, command, completion) and (text, completion)
    assert.equal(countMessages(t1), 4);
    assert.deepEqual(
      t1.messages.map((m) => m.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
    assert.equal(t1.messages[1].text, "I'll add a ThemeContext.\n\nDark mode toggle added.");
    assert.equal(t1.messages[1].thinking, 'Need a ThemeContext.');
    assert.deepEqual(
      t1.messages[1].toolCalls.map((c) => [c.name, c.output]),
      [
        ['editedExistingFile', undefined],
        ['execute_command', '3 passing'],
      ],
    );
    assert.deepEqual(t1.models, ['claude-sonnet-4-5']);
    assert.equal(t1.startedAt, new Date(T0).toISOString());
    assert.ok(t1.updatedAt > t1.startedAt);
    assert.equal(t1.workspaceFolder, h.ws);

    assert.equal(r.sessions.find((s) => s.id === String(T0 + 1000))!.workspaceFolder, h.wsSub);
    const apiOnly = r.sessions.find((s) => s.id === String(T0 + 4000))!;
    assert.equal(countMessages(apiOnly), 2);
    assert.equal(apiOnly.messages[0].text, 'api history only');
    assert.equal(apiOnly.messages[1].thinking, 'Look around first.');
    assert.equal(r.sessions.find((s) => s.id === String(T0 + 5000))!.messages[0].text, 'corrupt ui');

    const rooS = r.sessions.find((s) => s.tool === 'roo')!;
    assert.equal(rooS.title, 'Router refactor');
    assert.deepEqual(rooS.models, ['gpt-5']);
    assert.equal(r.sessions.find((s) => s.tool === 'kilo')!.title, 'kilo task');

    assert.match(
      r.warnings
        .filter((w) => w.file === corrupt)
        .map((w) => w.message)
        .join('\n'),
      /not valid JSON/,
    );

    const md = sessionToMarkdown(t1);
    assert.ok(!md.includes(FAKE_SECRETS.github));
    assert.match(md, /\| Tool \| Cline \|/);
    assert.match(md, /<summary>Tool: execute_command — <code>npm test<\/code><\/summary>/);
    assert.match(
      exportFileName(t1),
      /^agent-chats\/cline\/2026-01-20-add-dark-mode-toggle-use-[a-z-]*[0-9a-f]{8}\.md$/,
    );
    assert.match(exportFileName(rooS), /^agent-chats\/roo\/2026-01-20-refactor-the-router-[0-9a-f]{8}\.md$/);
  } finally {
    h.cleanup();
  }
});

test('Cline ≥ 4 data dir (~/.cline/data, CLINE_DATA_DIR) is searched too', async () => {
  const h = makeTempHome();
  try {
    const data = path.join(h.root, 'cline-data');
    writeTask(data, { id: 'cli-1', ts: T0, task: 'from the CLI', cwd: h.ws, events: [{ text: 'ok' }] });
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: { CLINE_DATA_DIR: data },
      platform: 'linux',
      tools: ['cline'],
    });
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['cli-1'],
    );
    assert.ok(r.searched.some((s) => s.path === path.join(data, 'tasks') && s.exists));
  } finally {
    h.cleanup();
  }
});

test('Cline: a task without ui_messages.json takes its start from its id (epoch ms), not 1970', async () => {
  const h = makeTempHome();
  try {
    const cline = path.join(h.userDir('Code'), 'globalStorage', EXT_IDS.cline);
    // no ui_messages.json, no history item: the api history (no `ts` on its messages) is all there is
    const id = String(Date.parse('2026-02-03T04:05:06.789Z'));
    writeTask(cline, { id, ts: 0, task: 'no ui messages', cwd: h.ws, events: [] }, { ui: false });
    // a history item gives the last activity
    const id2 = String(Date.parse('2026-02-04T10:00:00.000Z'));
    writeTask(cline, { id: id2, ts: 0, task: 'with history', cwd: h.ws, events: [] }, { ui: false });
    writeJson(path.join(cline, 'state', 'taskHistory.json'), [
      { id: id2, ts: Date.parse('2026-02-04T11:30:00.000Z'), task: 'with history', cwdOnTaskInitialization: h.ws },
    ]);
    // Roo: a UUIDv7 id carries its creation time in its first 48 bits
    const roo = path.join(h.userDir('Code'), 'globalStorage', EXT_IDS.roo);
    const v7 = `${Date.parse('2026-03-01T12:00:00.000Z')
      .toString(16)
      .padStart(12, '0')
      .replace(/^(.{8})(.{4})$/, '$1-$2')}-7abc-8def-0123456789ab`;
    writeTask(roo, { id: v7, ts: 0, task: 'roo v7', cwd: h.ws, events: [] }, { ui: false });
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['cline', 'roo'],
    });
    const by = (x: string) => r.sessions.find((s) => s.id === x)!;
    assert.equal(by(id).startedAt, '2026-02-03T04:05:06.789Z');
    assert.equal(by(id).updatedAt, '2026-02-03T04:05:06.789Z');
    assert.equal(countMessages(by(id)), 2);
    assert.equal(by(id2).startedAt, '2026-02-04T10:00:00.000Z');
    assert.equal(by(id2).updatedAt, '2026-02-04T11:30:00.000Z');
    assert.equal(by(v7).startedAt, '2026-03-01T12:00:00.000Z');
    assert.match(exportFileName(by(id)), /^agent-chats\/cline\/2026-02-03-/);
    for (const s of r.sessions) assert.ok(!s.startedAt.startsWith('1970'), `${s.id}: ${s.startedAt}`);
  } finally {
    h.cleanup();
  }
});
