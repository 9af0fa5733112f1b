// Cursor's JSONL agent transcripts and the cursor-agent CLI, both under tool id `cursor`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { writeAgentStore, writeAgentTranscript } from '../fixtures/chats/cursor-agent';
import { composerRows } from '../fixtures/chats/cursor';
import { FAKE_SECRETS, makeTempHome, writeFile } from '../fixtures/chats/home';
import { writeStateDb } from '../fixtures/chats/sqlite';
import { writeWorkspaceJson } from '../fixtures/chats/copilot';

const T1 = new Date('2026-04-02T15:30:00.000Z');

test('Cursor agent transcripts (~/.cursor/projects): this workspace’s only, prompts from <user_query>', async () => {
  const h = makeTempHome();
  try {
    const cursor = path.join(h.home, '.cursor');
    const f = writeAgentTranscript(
      cursor,
      h.ws,
      'a1b2c3d4-0000-4000-8000-000000000001',
      [
        { user: `wire the deploy step, key ${FAKE_SECRETS.anthropic}`, context: 'OS: linux\nShell: bash' },
        { assistant: 'Done.', tool: { id: 'tu1', name: 'Shell', input: { command: 'npm run deploy' }, result: 'ok' } },
        { user: 'and the docs' },
        { assistant: 'Updated README.' },
      ],
      T1,
    );
    writeAgentTranscript(
      cursor,
      h.prefixTrap,
      'a1b2c3d4-0000-4000-8000-000000000002',
      [{ user: 'trap' }, { assistant: 'x' }],
      T1,
    );
    writeAgentTranscript(
      cursor,
      h.other,
      'a1b2c3d4-0000-4000-8000-000000000003',
      [{ user: 'other' }, { assistant: 'x' }],
      T1,
    );
    writeFile(
      path.join(path.dirname(path.dirname(f)), 'subagents', 'subagents.jsonl'),
      '{"role":"user","message":{"content":[{"type":"text","text":"<user_query>sub</user_query>"}]}}\n',
    );
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['cursor'],
    });
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['a1b2c3d4-0000-4000-8000-000000000001'],
    );
    const s = r.sessions[0];
    assert.equal(countMessages(s), 4);
    assert.deepEqual(
      s.messages.map((m) => [m.role, m.text]),
      [
        ['user', `wire the deploy step, key ${FAKE_SECRETS.anthropic}`],
        ['assistant', 'Done.'],
        ['user', 'and the docs'],
        ['assistant', 'Updated README.'],
      ],
    );
    assert.deepEqual(
      s.messages[1].toolCalls.map((c) => [c.name, c.input, c.output]),
      [['Shell', '{"command":"npm run deploy"}', 'ok']],
    );
    assert.equal(s.updatedAt, T1.toISOString(), 'no time stamps in the lines: the last write is the last activity');
    assert.ok(s.startedAt <= s.updatedAt);
    assert.deepEqual(s.sources, [f]);
    // secrets: title, file name, markdown
    assert.match(s.title, /^wire the deploy step, key \[REDACTED/);
    assert.ok(!exportFileName(s).includes('sk-ant') && !sessionToMarkdown(s).includes(FAKE_SECRETS.anthropic));
    assert.ok(r.searched.some((x) => x.path === path.join(cursor, 'projects') && x.exists));
  } finally {
    h.cleanup();
  }
});

test('Cursor: a transcript and a composer with the same id are one session (the fuller copy wins)', async () => {
  const h = makeTempHome();
  try {
    const ws = writeWorkspaceJson(h.userDir('Cursor'), 'bbbb', h.ws);
    await writeStateDb(path.join(ws, 'state.vscdb'), {
      itemTable: { 'composer.composerData': { allComposers: [{ composerId: 'cu1' }] } },
    });
    await writeStateDb(path.join(h.userDir('Cursor'), 'globalStorage', 'state.vscdb'), {
      cursorDiskKV: composerRows({
        id: 'cu1',
        createdAt: Date.parse('2026-04-01T00:00:00.000Z'),
        turns: [{ user: 'first' }, { assistant: 'ok' }],
      }),
    });
    const cursor = path.join(h.home, '.cursor');
    writeAgentTranscript(cursor, h.ws, 'cu1', [{ user: 'first' }, { assistant: 'ok' }], T1);
    const r1 = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['cursor'],
    });
    assert.equal(r1.sessions.length, 1);
    assert.ok(
      r1.sessions[0].sources[0].endsWith('state.vscdb'),
      'a tie keeps the database copy (it has times and models)',
    );
    writeAgentTranscript(
      cursor,
      h.ws,
      'cu1',
      [{ user: 'first' }, { assistant: 'ok' }, { user: 'second' }, { assistant: 'done' }],
      T1,
    );
    const r2 = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['cursor'],
    });
    assert.equal(r2.sessions.length, 1);
    assert.equal(countMessages(r2.sessions[0]), 4);
  } finally {
    h.cleanup();
  }
});

test('cursor-agent CLI (~/.cursor/chats/<md5>/<id>/store.db): meta, message blobs in order, tree blobs skipped', async () => {
  const h = makeTempHome();
  try {
    const cursor = path.join(h.home, '.cursor');
    const created = Date.parse('2026-05-05T08:00:00.000Z');
    const f = await writeAgentStore(cursor, h.ws, {
      id: 'c0ffee00-0000-4000-8000-000000000001',
      name: `rotate ${FAKE_SECRETS.anthropic}`,
      createdAt: created,
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'You are an agent.' },
        { role: 'user', content: [{ type: 'text', text: '<user_info>\nOS: linux\n</user_info>' }] },
        { role: 'user', content: [{ type: 'text', text: '<user_query>\nlist the files\n</user_query>' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'ls it' },
            { type: 'tool-call', toolCallId: 't1', toolName: 'ls', args: { path: '.' } },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'ls', result: 'README.md' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Only a README.' }] },
      ],
    });
    await writeAgentStore(cursor, h.other, {
      id: 'c0ffee00-0000-4000-8000-000000000002',
      createdAt: created,
      messages: [{ role: 'user', content: '<user_query>other</user_query>' }],
    });
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['cursor'],
    });
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['c0ffee00-0000-4000-8000-000000000001'],
    );
    const s = r.sessions[0];
    assert.equal(countMessages(s), 2);
    assert.deepEqual(
      s.messages.map((m) => [m.role, m.text]),
      [
        ['user', 'list the files'],
        ['assistant', 'Only a README.'],
      ],
    );
    assert.deepEqual(
      s.messages[1].toolCalls.map((c) => [c.name, c.input, c.output]),
      [['ls', '{"path":"."}', 'README.md']],
    );
    assert.equal(s.messages[1].thinking, 'ls it');
    assert.deepEqual(s.models, ['gpt-5']);
    assert.equal(s.startedAt, '2026-05-05T08:00:00.000Z');
    assert.match(s.title, /^rotate \[REDACTED/);
    assert.deepEqual(s.sources, [f]);
    assert.deepEqual(r.warnings, []);
  } finally {
    h.cleanup();
  }
});
