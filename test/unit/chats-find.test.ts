import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { exportFileName, findSessions } from '../../src/core/chats/index';
import { locateSqlWasm } from '../../src/core/chats/sqlite';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { CodexRolloutBuilder } from '../fixtures/chats/codex';
import { copilotSession, writeSessionJson, writeWorkspaceJson } from '../fixtures/chats/copilot';
import { writeTask, EXT_IDS } from '../fixtures/chats/cline';
import { composerRows } from '../fixtures/chats/cursor';
import { makeTempHome } from '../fixtures/chats/home';
import { writeStateDb } from '../fixtures/chats/sqlite';

async function everyTool() {
  const h = makeTempHome();
  new ClaudeSessionBuilder('c1', h.ws, '2026-01-01T00:00:00.000Z')
    .prompt('claude')
    .text('ok')
    .write(path.join(h.home, '.claude'));
  new CodexRolloutBuilder('019d0000-0000-7000-8000-000000000001', h.ws, '2026-01-02T00:00:00.000Z')
    .turn('gpt-5.5')
    .prompt('codex')
    .answer('ok')
    .write(path.join(h.home, '.codex'));
  const ws = writeWorkspaceJson(h.userDir('Code'), 'aaaa', h.ws);
  writeSessionJson(
    ws,
    copilotSession('cp1', Date.parse('2026-01-03T00:00:00.000Z'), [
      { prompt: 'copilot', answer: ['ok'], timestamp: Date.parse('2026-01-03T00:00:01.000Z') },
    ]),
  );
  const cws = writeWorkspaceJson(h.userDir('Cursor'), 'bbbb', h.ws);
  await writeStateDb(path.join(cws, 'state.vscdb'), {
    itemTable: { 'composer.composerData': { allComposers: [{ composerId: 'cu1' }] } },
  });
  await writeStateDb(path.join(h.userDir('Cursor'), 'globalStorage', 'state.vscdb'), {
    cursorDiskKV: composerRows({
      id: 'cu1',
      createdAt: Date.parse('2026-01-04T00:00:00.000Z'),
      turns: [{ user: 'cursor' }, { assistant: 'ok' }],
    }),
  });
  writeTask(path.join(h.userDir('Code'), 'globalStorage', EXT_IDS.cline), {
    id: '1767571200000',
    ts: Date.parse('2026-01-05T00:00:00.000Z'),
    task: 'cline',
    cwd: h.ws,
    events: [{ text: 'ok' }],
  });
  writeTask(path.join(h.userDir('VSCodium'), 'globalStorage', EXT_IDS.roo), {
    id: 'roo-1',
    ts: Date.parse('2026-01-06T00:00:00.000Z'),
    task: 'roo',
    cwd: h.ws,
    events: [{ text: 'ok' }],
  });
  writeTask(path.join(h.userDir('Code - Insiders'), 'profiles', 'p1', 'globalStorage', EXT_IDS.kilo), {
    id: 'kilo-1',
    ts: Date.parse('2026-01-07T00:00:00.000Z'),
    task: 'kilo',
    cwd: h.ws,
    events: [{ text: 'ok' }],
  });
  return h;
}

test('findSessions: every tool at once, newest first, unique export names', async () => {
  const h = await everyTool();
  try {
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux' });
    assert.deepEqual(
      r.sessions.map((s) => s.tool),
      ['kilo', 'roo', 'cline', 'cursor', 'copilot', 'codex', 'claude-code'],
    );
    assert.deepEqual(r.warnings, []);
    assert.equal(new Set(r.sessions.map(exportFileName)).size, 7);
    for (const s of r.sessions) assert.ok(s.sources.length > 0, `${s.tool} lists the files it read`);
    const other = await findSessions({ workspaceFolder: h.other, home: h.home, env: {}, platform: 'linux' });
    assert.deepEqual(other.sessions, []);
    const only = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['codex', 'cursor'],
    });
    assert.deepEqual(only.sessions.map((s) => s.tool).sort(), ['codex', 'cursor']);
    assert.ok(only.searched.every((s) => s.tool === 'codex' || s.tool === 'cursor'));
  } finally {
    h.cleanup();
  }
});

test('findSessions: a workspace opened through a symlink matches sessions recorded with the real path', async () => {
  const h = await everyTool();
  try {
    const link = path.join(h.root, 'link-to-app');
    symlinkSync(h.ws, link);
    const r = await findSessions({ workspaceFolder: link, home: h.home, env: {}, platform: 'linux' });
    assert.equal(r.sessions.length, 7);
  } finally {
    h.cleanup();
  }
});

test('findSessions: cancellation rejects; nothing else does', async () => {
  const h = await everyTool();
  try {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(
      findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux', signal: ac.signal }),
    );
    const missing = await findSessions({
      workspaceFolder: path.join(h.root, 'nope'),
      home: path.join(h.root, 'no-home'),
      env: {},
      platform: 'linux',
    });
    assert.deepEqual(missing.sessions, []);
    assert.ok(missing.searched.length > 0 && missing.searched.every((s) => !s.exists));
  } finally {
    h.cleanup();
  }
});

test('sql.js wasm is located from the package in development', () => {
  assert.match(locateSqlWasm(), /sql-wasm\.wasm$/);
});
