import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { sqlJsOpener } from '../../src/core/chats/sqlite';
import { FAKE_SECRETS, makeTempHome } from '../fixtures/chats/home';
import { writeOpenCodeJsonSession } from '../fixtures/chats/opencode';

const WAL_FIXTURE = path.join(__dirname, '..', 'fixtures', 'chats', 'opencode-wal');
const WS = '/nws-fixtures/oc-app';
const T0 = Date.parse('2026-03-10T10:00:00.000Z');

function withDb(opts: { wal: boolean }) {
  const h = makeTempHome();
  const data = path.join(h.home, '.local', 'share', 'opencode');
  mkdirSync(data, { recursive: true });
  copyFileSync(path.join(WAL_FIXTURE, 'opencode.db'), path.join(data, 'opencode.db'));
  if (opts.wal) copyFileSync(path.join(WAL_FIXTURE, 'opencode.db-wal'), path.join(data, 'opencode.db-wal'));
  return { h, data };
}

test('OpenCode: a live database under WAL (sql.js path) — the session only in the log is read too', async () => {
  const { h, data } = withDb({ wal: true });
  try {
    const r = await findSessions(
      { workspaceFolder: WS, home: h.home, env: {}, platform: 'linux', tools: ['opencode'] },
      { openSqlite: sqlJsOpener() },
    );
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), ['ses_checkpointed', 'ses_walonly']);
    const a = r.sessions.find((s) => s.id === 'ses_checkpointed')!;
    assert.equal(countMessages(a), 4);
    assert.equal(a.messages[0].text, `the login test is flaky, deploy key ${FAKE_SECRETS.anthropic}`);
    assert.equal(a.messages[1].text, 'The retry has no back-off; fixed.');
    assert.equal(a.messages[1].thinking, 'Look at the retry logic.');
    assert.deepEqual(
      a.messages[1].toolCalls.map((c) => [c.name, c.input, c.output]),
      [['bash', '{"command":"npm test -- login"}', '1 failing']],
    );
    assert.equal(a.title, 'Fix the flaky test');
    assert.deepEqual(a.models, ['claude-sonnet-4-5', 'gpt-5.5']);
    assert.equal(a.startedAt, '2026-03-10T10:00:00.000Z');
    assert.equal(a.updatedAt, '2026-03-10T10:01:00.000Z');
    assert.deepEqual(a.sources, [path.join(data, 'opencode.db')]);

    const w = r.sessions.find((s) => s.id === 'ses_walonly')!;
    assert.equal(w.workspaceFolder, `${WS}/packages/api`);
    assert.equal(countMessages(w), 2);
    assert.equal(w.title, 'only in the log', 'the placeholder "New session - …" title is not used');
    assert.equal(w.startedAt, new Date(T0 + 86400000).toISOString());

    assert.ok(!r.warnings.some((w) => /may be missing/.test(w.message)), JSON.stringify(r.warnings));
    assert.deepEqual(
      r.warnings.filter((x) => /does not understand/.test(x.message)).map((x) => [x.file, x.message]),
      [
        [
          data,
          "OpenCode 1.14.2: 1 record of a kind this reader does not understand was not read ('part hologram' ×1) in 1 file",
        ],
      ],
    );
    assert.ok(!sessionToMarkdown(a).includes(FAKE_SECRETS.anthropic));
    assert.ok(!a.title.includes('sk-ant') && !exportFileName(a).includes('sk-ant'));
  } finally {
    h.cleanup();
  }
});

test('OpenCode: without its -wal file only the checkpointed session exists (the log really carries the other)', async () => {
  const { h } = withDb({ wal: false });
  try {
    const r = await findSessions(
      { workspaceFolder: WS, home: h.home, env: {}, platform: 'linux', tools: ['opencode'] },
      { openSqlite: sqlJsOpener() },
    );
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['ses_checkpointed'],
    );
  } finally {
    h.cleanup();
  }
});

test('OpenCode: the older JSON storage, XDG_DATA_HOME, child sessions and other folders', async () => {
  const h = makeTempHome();
  try {
    const data = path.join(h.root, 'xdg-data', 'opencode');
    const f = writeOpenCodeJsonSession(data, {
      id: 'ses_json1',
      directory: h.ws,
      title: 'New Session - 2025-11-02T09:00:00.000Z',
      created: Date.parse('2025-11-02T09:00:00.000Z'),
      updated: Date.parse('2025-11-02T09:05:00.000Z'),
      messages: [
        {
          role: 'user',
          created: Date.parse('2025-11-02T09:00:01.000Z'),
          parts: [{ type: 'text', text: 'add a CLI flag' }],
        },
        {
          role: 'assistant',
          created: Date.parse('2025-11-02T09:00:05.000Z'),
          model: 'gpt-5',
          parts: [
            { type: 'step-start' },
            {
              type: 'tool',
              callID: 'c1',
              tool: 'edit',
              state: { status: 'error', input: { filePath: 'cli.ts' }, error: 'file not found' },
            },
            { type: 'text', text: 'The file does not exist.' },
          ],
        },
        {
          role: 'user',
          created: Date.parse('2025-11-02T09:01:00.000Z'),
          parts: [{ type: 'text', text: 'synthetic context', synthetic: true }],
        },
      ],
    });
    writeOpenCodeJsonSession(data, {
      id: 'ses_child',
      parentID: 'ses_json1',
      directory: h.ws,
      title: 'Child session - 2025-11-02T09:00:02.000Z',
      created: Date.parse('2025-11-02T09:00:02.000Z'),
      messages: [
        { role: 'user', created: Date.parse('2025-11-02T09:00:02.000Z'), parts: [{ type: 'text', text: 'x' }] },
      ],
    });
    for (const [id, dir] of [
      ['ses_other', h.other],
      ['ses_trap', h.prefixTrap],
    ])
      writeOpenCodeJsonSession(data, {
        id,
        directory: dir,
        title: 'not ours',
        created: Date.parse('2025-11-03T00:00:00.000Z'),
        messages: [
          { role: 'user', created: Date.parse('2025-11-03T00:00:00.000Z'), parts: [{ type: 'text', text: 'x' }] },
        ],
      });
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: { XDG_DATA_HOME: path.join(h.root, 'xdg-data') },
      platform: 'linux',
      tools: ['opencode'],
    });
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['ses_json1'],
    );
    const s = r.sessions[0];
    assert.equal(countMessages(s), 2, 'a prompt made only of synthetic text is not a prompt');
    assert.equal(s.title, 'add a CLI flag');
    assert.deepEqual(s.models, ['gpt-5']);
    assert.equal(s.messages[1].toolCalls[0].isError, true);
    assert.equal(s.messages[1].toolCalls[0].output, 'file not found');
    assert.equal(s.startedAt, '2025-11-02T09:00:00.000Z');
    assert.equal(s.updatedAt, '2025-11-02T09:05:00.000Z');
    assert.equal(s.sources[0], f);
    assert.deepEqual(r.warnings, []);
  } finally {
    h.cleanup();
  }
});
