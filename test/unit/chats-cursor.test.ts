import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { sqlJsOpener } from '../../src/core/chats/sqlite';
import { composerRows, inlineComposerRows, legacyChatData } from '../fixtures/chats/cursor';
import { writeWorkspaceJson } from '../fixtures/chats/copilot';
import { FAKE_SECRETS, makeTempHome, writeFile } from '../fixtures/chats/home';
import { writeStateDb } from '../fixtures/chats/sqlite';

const T0 = Date.parse('2026-08-17T18:55:00.000Z');
const HASH_W = '3b5e00000000000000000000000d41aa';
const HASH_W2 = '3b5e00000000000000000000000d41bb';
const HASH_O = '9c9c00000000000000000000000000cc';
const id = (n: string) => `6c1f0e8a-0000-4000-8000-${n.padStart(12, '0')}`;

async function setup() {
  const h = makeTempHome();
  const cursor = h.userDir('Cursor');
  const wsDir = writeWorkspaceJson(cursor, HASH_W, h.ws);
  const ws2Dir = writeWorkspaceJson(cursor, HASH_W2, h.ws + '/');
  const oDir = writeWorkspaceJson(cursor, HASH_O, h.other);

  await writeStateDb(path.join(wsDir, 'state.vscdb'), {
    itemTable: {
      'composer.composerData': {
        allComposers: [
          { composerId: id('1'), name: 'Fix flaky login test', createdAt: T0 },
          { composerId: id('e'), name: 'Draft', createdAt: T0 },
          { composerId: id('bad'), createdAt: T0 },
          {
            composerId: id('inline'),
            name: 'Old inline composer',
            createdAt: T0 - 1e9,
            ...(inlineComposerRows({
              id: id('inline'),
              createdAt: T0 - 1e9,
              turns: [{ user: 'inline question' }, { assistant: 'inline answer' }],
            })[`composerData:${id('inline')}`] as object),
          },
        ],
        selectedComposerIds: [id('1')],
      },
      'workbench.panel.composerChatViewPane.2a7c': {
        [`workbench.panel.aichat.view.${id('2')}`]: { collapsed: false, isHidden: false },
      },
      'workbench.panel.aichat.view.aichat.chatdata': legacyChatData([
        {
          tabId: 'tab-legacy-1',
          title: 'Legacy panel chat',
          lastSendTime: T0 - 2e9,
          bubbles: [
            { type: 'user', text: 'legacy q' },
            { type: 'ai', text: 'legacy a' },
            { type: 'user', text: 'legacy q2' },
            { type: 'ai', text: 'legacy a2' },
          ],
        },
      ]),
    },
  });
  await writeStateDb(path.join(ws2Dir, 'state.vscdb'), {
    itemTable: {
      'aiService.prompts': [
        { text: 'prompt one', commandType: 4 },
        { text: 'prompt two', commandType: 4 },
      ],
      'aiService.generations': [
        { unixMs: T0 - 3e9, generationUUID: 'g1', type: 'composer', textDescription: 'prompt one' },
        { unixMs: T0 - 3e9 + 60000, generationUUID: 'g2', type: 'composer', textDescription: 'prompt two' },
      ],
    },
  });
  await writeStateDb(path.join(oDir, 'state.vscdb'), {
    itemTable: { 'composer.composerData': { allComposers: [{ composerId: id('o') }] } },
  });

  const kv: Record<string, unknown> = {
    ...composerRows({
      id: id('1'),
      name: 'Fix flaky login test',
      createdAt: T0,
      model: 'default',
      turns: [
        { user: `why does login.spec.ts fail on CI? key ${FAKE_SECRETS.anthropic}` },
        { assistant: '', thinking: 'Probably a race.', model: 'claude-4.5-sonnet' },
        { tool: 'read_file_v2', params: { targetFile: 'login.spec.ts' }, result: 'test("login", …)' },
        {
          tool: 'run_terminal_command_v2',
          params: { command: 'npx playwright test login' },
          result: '1 failed',
          status: 'error',
        },
        { assistant: 'The test waits for a fixed 500 ms.' },
        { assistant: 'Use `waitForURL` instead.' },
        { user: 'do it' },
        { assistant: 'Done.', model: 'gpt-5' },
      ],
    }),
    ...composerRows({
      id: id('2'),
      name: 'Chat pane composer',
      createdAt: T0 + 1e6,
      turns: [{ user: 'q' }, { assistant: 'a' }],
    }),
    ...composerRows({
      id: id('3'),
      name: 'Cursor 3.12 composer',
      createdAt: T0 + 2e6,
      turns: [{ user: 'sub q' }, { assistant: 'sub a' }],
      workspaceIdentifier: { id: 'some-other-hash', fsPath: h.wsSub },
    }),
    ...composerRows({
      id: id('4'),
      createdAt: T0 + 3e6,
      turns: [{ user: 'found by project layout' }, { assistant: 'ok' }],
    }),
    [`messageRequestContext:${id('4')}:b1`]: {
      projectLayouts: [JSON.stringify({ rootPath: h.ws, listDirV2Result: {} })],
    },
    ...composerRows({
      id: id('5'),
      name: 'Header table composer',
      createdAt: T0 + 4e6,
      turns: [{ user: 'headers' }, { assistant: 'ok' }],
    }),
    ...composerRows({ id: id('sub'), createdAt: T0 + 5e6, turns: [{ user: 'subagent' }, { assistant: 'ok' }] }),
    ...composerRows({
      id: id('9'),
      name: 'Future composer',
      createdAt: T0 + 6e6,
      version: 99,
      turns: [{ user: 'future' }, { assistant: 'ok' }],
      workspaceIdentifier: { id: HASH_W, fsPath: h.ws },
    }),
    // not this workspace
    ...composerRows({ id: id('o'), createdAt: T0, turns: [{ user: 'other' }, { assistant: 'x' }] }),
    ...composerRows({
      id: id('t'),
      createdAt: T0,
      turns: [{ user: 'trap' }, { assistant: 'x' }],
      workspaceIdentifier: { id: 'trap-hash', fsPath: h.prefixTrap },
    }),
    ...composerRows({ id: id('x'), createdAt: T0, turns: [{ user: 'elsewhere' }, { assistant: 'x' }] }),
    [`messageRequestContext:${id('x')}:b1`]: { projectLayouts: [{ rootPath: h.other }] },
    ...composerRows({ id: id('n'), createdAt: T0, turns: [{ user: 'no association at all' }, { assistant: 'x' }] }),
    // claimed but empty (draft) / corrupt
    [`composerData:${id('e')}`]: {
      _v: 17,
      composerId: id('e'),
      name: 'Draft',
      createdAt: T0,
      fullConversationHeadersOnly: [],
      isDraft: true,
    },
    [`composerData:${id('bad')}`]: '{"_v":17,"composerId":',
  };
  const globalDb = path.join(cursor, 'globalStorage', 'state.vscdb');
  await writeStateDb(globalDb, {
    asBlobs: true,
    wal: true,
    cursorDiskKV: kv,
    composerHeaders: [
      { composerId: id('5'), workspaceId: HASH_W },
      { composerId: id('sub'), workspaceId: HASH_W, isSubagent: 1 },
    ],
  });

  // An explicit --editor-user-dir with a corrupt global DB (another Cursor profile / portable install)
  const portable = path.join(h.root, 'portable', 'User');
  const corruptDb = path.join(portable, 'globalStorage', 'state.vscdb');
  writeFile(corruptDb, 'SQLite format 3\u0000' + 'garbage'.repeat(100));
  writeWorkspaceJson(portable, 'abababababababababababababababab', h.ws);
  const notDb = path.join(portable, 'workspaceStorage', 'abababababababababababababababab', 'state.vscdb');
  writeFile(notDb, 'this is not sqlite');
  return {
    h,
    globalDb,
    corruptDb,
    notDb,
    portable,
    wsDb: path.join(wsDir, 'state.vscdb'),
    ws2Db: path.join(ws2Dir, 'state.vscdb'),
  };
}

test('Cursor: composers, inline and legacy chats of this workspace only (sql.js), with counts, titles, models, times', async () => {
  const { h, globalDb, corruptDb, notDb, portable, wsDb, ws2Db } = await setup();
  try {
    const r = await findSessions(
      {
        workspaceFolder: h.ws,
        home: h.home,
        env: {},
        platform: 'linux',
        tools: ['cursor'],
        editorUserDirs: [portable],
      },
      { openSqlite: sqlJsOpener() },
    );
    assert.deepEqual(
      r.sessions.map((s) => s.id).sort(),
      [id('1'), id('2'), id('3'), id('4'), id('5'), id('9'), id('inline'), 'tab-legacy-1', `prompts-${HASH_W2}`].sort(),
    );
    const c1 = r.sessions.find((s) => s.id === id('1'))!;
    assert.equal(c1.title, 'Fix flaky login test');
    // 2 prompts + 2 replies: thinking, two tool bubbles and two text bubbles are one reply
    assert.equal(countMessages(c1), 4);
    assert.deepEqual(
      c1.messages.map((m) => m.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
    assert.equal(c1.messages[1].text, 'The test waits for a fixed 500 ms.\n\nUse `waitForURL` instead.');
    assert.equal(c1.messages[1].thinking, 'Probably a race.');
    assert.deepEqual(
      c1.messages[1].toolCalls.map((c) => [c.name, c.input, c.output, !!c.isError]),
      [
        ['read_file_v2', '{"targetFile":"login.spec.ts"}', 'test("login", …)', false],
        ['run_terminal_command_v2', '{"command":"npx playwright test login"}', '1 failed', true],
      ],
    );
    assert.deepEqual(c1.models, ['claude-4.5-sonnet', 'gpt-5'], 'the "default" placeholder is not a model');
    assert.equal(c1.startedAt, new Date(T0).toISOString());
    assert.equal(c1.updatedAt, new Date(T0 + 8 * 5000).toISOString());
    assert.deepEqual(c1.sources, [globalDb]);

    assert.equal(r.sessions.find((s) => s.id === id('3'))!.workspaceFolder, h.wsSub);
    assert.equal(r.sessions.find((s) => s.id === id('4'))!.title, 'found by project layout');
    const inline = r.sessions.find((s) => s.id === id('inline'))!;
    assert.equal(countMessages(inline), 2);
    assert.deepEqual(inline.sources, [wsDb]);
    const tab = r.sessions.find((s) => s.id === 'tab-legacy-1')!;
    assert.equal(tab.title, 'Legacy panel chat');
    assert.equal(countMessages(tab), 4);
    assert.deepEqual(tab.models, ['gpt-4']);
    const prompts = r.sessions.find((s) => s.id === `prompts-${HASH_W2}`)!;
    assert.equal(countMessages(prompts), 2);
    assert.equal(prompts.startedAt, new Date(T0 - 3e9).toISOString());
    assert.deepEqual(prompts.sources, [ws2Db]);

    const msgs = (f: string) =>
      r.warnings
        .filter((w) => w.file === f)
        .map((w) => w.message)
        .join('\n');
    assert.match(msgs(globalDb), /state\.vscdb-wal .* may be missing/);
    assert.match(
      msgs(globalDb),
      /1 composer row that is not valid JSON \(composerData:6c1f0e8a-0000-4000-8000-000000000bad\)/,
    );
    assert.match(msgs(globalDb), /format version 99, newer than the known 17/);
    assert.match(msgs(corruptDb), /cannot (open|read)/);
    assert.match(msgs(notDb), /not an SQLite database/);

    const md = sessionToMarkdown(c1);
    assert.ok(!md.includes(FAKE_SECRETS.anthropic.slice(0, 24)));
    assert.match(md, /\| Models \| claude-4\.5-sonnet, gpt-5 \|/);
    assert.match(
      md,
      /<summary>Tool: run_terminal_command_v2 — <code>npx playwright test login<\/code> \(error\)<\/summary>/,
    );
    assert.match(md, /\nError:\n/);
    assert.match(
      exportFileName(c1),
      /^agent-chats\/cursor\/2026-08-17-why-does-login-spec-ts-fail-on-ci-key-[a-z-]*[0-9a-f]{8}\.md$/,
    );
  } finally {
    h.cleanup();
  }
});

test('Cursor: a VS Code User folder is not searched for Cursor composers; other workspaces see only their own', async () => {
  const { h } = await setup();
  try {
    const r = await findSessions(
      { workspaceFolder: h.other, home: h.home, env: {}, platform: 'linux', tools: ['cursor'] },
      { openSqlite: sqlJsOpener() },
    );
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), [id('o'), id('x')].sort());
    // the IDE stores are looked for only in Cursor's User folder; ~/.cursor holds the agent transcripts and CLI
    assert.ok(
      r.searched.every(
        (s) =>
          s.tool === 'cursor' &&
          (s.path.includes(`${path.sep}Cursor${path.sep}`) ||
            s.path.startsWith(path.join(h.home, '.cursor') + path.sep)),
      ),
    );
  } finally {
    h.cleanup();
  }
});
