import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_CHAT_TOOLS, exportFileName, findSessions } from '../../src/core/chats/index';
import { locateSqlWasm } from '../../src/core/chats/sqlite';
import { everyTool } from '../fixtures/chats/every-tool';

test('findSessions: every tool at once, newest first, unique export names', async () => {
  const h = await everyTool();
  try {
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux' });
    // one session per reader, and Cursor's three formats (IDE composer, JSONL transcript, cursor-agent CLI)
    assert.deepEqual(r.sessions.map((s) => s.tool).sort(), [...ALL_CHAT_TOOLS, 'cursor', 'cursor'].sort());
    for (let i = 1; i < r.sessions.length; i++)
      assert.ok(r.sessions[i - 1]!.updatedAt >= r.sessions[i]!.updatedAt, 'not newest first');
    assert.deepEqual(r.warnings, []);
    assert.equal(new Set(r.sessions.map(exportFileName)).size, ALL_CHAT_TOOLS.length + 2);
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
    assert.deepEqual(only.sessions.map((s) => s.tool).sort(), ['codex', 'cursor', 'cursor', 'cursor']);
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
    assert.equal(r.sessions.length, ALL_CHAT_TOOLS.length + 2);
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

test('findSessions: every reader dates its session from its store (no 1970, start ≤ last activity)', async () => {
  const h = await everyTool();
  try {
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux' });
    const days = Object.fromEntries(
      r.sessions.map((s) => [s.tool === 'cursor' ? `cursor:${s.id}` : s.tool, s.startedAt.slice(0, 10)]),
    );
    // each date is the one the fixture wrote into that tool's store (every-tool.ts): the session's own field or its
    // first message's time; only Cursor's JSONL transcript (no times in it) takes the file's time
    assert.deepEqual(days, {
      'claude-code': '2026-01-01',
      codex: '2026-01-02',
      copilot: '2026-01-03',
      'cursor:cu1': '2026-01-04',
      'cursor:ct1': '2026-01-17',
      'cursor:c0ffee00-0000-4000-8000-0000000000e1': '2026-01-18',
      cline: '2026-01-05',
      roo: '2026-01-06',
      kilo: '2026-01-07',
      'gemini-cli': '2026-01-08',
      opencode: '2026-01-09',
      'copilot-cli': '2026-01-10',
      continue: '2026-01-11',
      aider: '2026-01-12',
      kiro: '2026-01-13',
      zed: '2026-01-14',
      amp: '2026-01-15',
      'zoo-code': '2026-01-16',
    });
    for (const s of r.sessions) assert.ok(s.startedAt <= s.updatedAt, `${s.tool}: ${s.startedAt} > ${s.updatedAt}`);
  } finally {
    h.cleanup();
  }
});
