import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { GeminiSessionBuilder, geminiProjectDir } from '../fixtures/chats/gemini';
import { FAKE_SECRETS, makeTempHome, writeFile } from '../fixtures/chats/home';

const A = '37ba9021-5a1c-4c2e-9f7d-1b2c3d4e5f60';
const B = '48cb0132-6b2d-4d3f-8a8e-2c3d4e5f6a71';
const L = '59dc1243-7c3e-4e40-9b9f-3d4e5f6a7b82';

function setup() {
  const h = makeTempHome();
  const gemini = path.join(h.home, '.gemini');
  // A: current JSONL under a slug folder with .project_root = the workspace
  const a = new GeminiSessionBuilder(A, h.ws, '2026-03-10T09:00:00.000Z');
  a.user(`list the workspace (token ${FAKE_SECRETS.github})`);
  a.gemini('Here are the files.', {
    thoughts: [{ subject: 'Listing', description: 'Use list_directory.' }],
    toolCalls: [{ id: 'ls-1', name: 'list_directory', args: { path: '.' }, output: 'src/\nREADME.md' }],
  });
  a.notice('info', 'Switched to fallback model.');
  const wrong = a.user('delete everything');
  a.gemini('Deleting…');
  a.rewind(wrong); // the user rewound: these two messages are gone
  a.user('summarise README');
  a.gemini('A sync tool.', { model: 'gemini-2.5-flash' });
  a.set({ summary: 'Workspace tour', lastUpdated: '2026-03-10T09:10:00.000Z' });
  a.raw({ $teleport: { to: 'the future' } });
  const fa = a.write(geminiProjectDir(gemini, h.ws, 'slug'));
  // B: session started in a subfolder (its own slug folder), tool error
  const b = new GeminiSessionBuilder(B, h.wsSub, '2026-03-11T10:00:00.000Z');
  b.user('run the api tests');
  b.gemini('They fail.', {
    toolCalls: [{ id: 'sh-1', name: 'run_shell_command', args: { command: 'npm test' }, error: 'exit 1' }],
  });
  const fb = b.write(geminiProjectDir(gemini, h.wsSub, 'slug', 'api'));
  // L: legacy JSON in a sha256-named folder (older layout)
  const l = new GeminiSessionBuilder(L, h.ws, '2026-01-20T09:00:00.000Z');
  l.user('hello from 2026-01');
  l.gemini('Hi.');
  const fl = l.writeLegacy(geminiProjectDir(gemini, h.ws, 'hash'));
  // others: another project's slug folder, the prefix trap, a legacy file migrated to .jsonl, a sub-agent file
  const o = new GeminiSessionBuilder('aaaaaaaa-0000-4000-8000-000000000001', h.other);
  o.user('other');
  o.gemini('x');
  o.write(geminiProjectDir(gemini, h.other, 'slug'));
  const t = new GeminiSessionBuilder('bbbbbbbb-0000-4000-8000-000000000002', h.prefixTrap);
  t.user('trap');
  t.gemini('x');
  t.write(geminiProjectDir(gemini, h.prefixTrap, 'slug', 'my-app-1'));
  const m = new GeminiSessionBuilder('cccccccc-0000-4000-8000-000000000003', h.ws, '2026-02-01T08:00:00.000Z');
  m.user('migrated');
  m.gemini('from json');
  m.writeLegacy(path.join(gemini, 'tmp', 'my-app'));
  m.user('resumed');
  m.gemini('in jsonl');
  const fm = m.write(path.join(gemini, 'tmp', 'my-app'));
  const sub = new GeminiSessionBuilder('dddddddd-0000-4000-8000-000000000004', h.ws);
  sub.user('sub-agent task');
  writeFile(
    path.join(gemini, 'tmp', 'my-app', 'chats', A, 'dddddddd.jsonl'),
    sub.records.map((r) => JSON.stringify(r)).join('\n'),
  );
  return { h, fa, fb, fl, fm, gemini };
}

test('Gemini CLI: this workspace’s sessions (JSONL and legacy JSON), counts, dates, models, rewinds', async () => {
  const { h, fa, fb, fl, fm, gemini } = setup();
  try {
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['gemini-cli'],
    });
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), [A, B, L, 'cccccccc-0000-4000-8000-000000000003'].sort());
    const a = r.sessions.find((s) => s.id === A)!;
    assert.deepEqual(
      a.messages.map((m) => [m.role, m.text]),
      [
        ['user', `list the workspace (token ${FAKE_SECRETS.github})`],
        ['assistant', 'Here are the files.'],
        ['user', 'summarise README'],
        ['assistant', 'A sync tool.'],
      ],
    );
    assert.equal(countMessages(a), 4);
    assert.equal(a.title, 'Workspace tour');
    assert.deepEqual(a.models, ['gemini-2.5-pro', 'gemini-2.5-flash']);
    assert.equal(a.startedAt, '2026-03-10T09:00:00.000Z');
    assert.equal(a.updatedAt, '2026-03-10T09:10:00.000Z');
    assert.equal(a.messages[1].thinking, 'Listing: Use list_directory.');
    assert.deepEqual(
      a.messages[1].toolCalls.map((c) => [c.name, c.input, c.output]),
      [['list_directory', '{"path":"."}', 'src/\nREADME.md']],
    );
    assert.deepEqual(a.sources, [fa]);

    const b = r.sessions.find((s) => s.id === B)!;
    assert.equal(b.workspaceFolder, h.wsSub);
    assert.equal(countMessages(b), 2);
    assert.equal(b.messages[1].toolCalls[0].isError, true);
    assert.deepEqual(b.sources, [fb]);

    const l = r.sessions.find((s) => s.id === L)!;
    assert.equal(countMessages(l), 2);
    assert.equal(l.startedAt, '2026-01-20T09:00:00.000Z');
    assert.equal(l.updatedAt, '2026-01-20T09:00:02.000Z');
    assert.deepEqual(l.sources, [fl]);

    const m = r.sessions.find((s) => s.id.startsWith('cccccccc'))!;
    assert.deepEqual(m.sources, [fm], 'the .jsonl a legacy .json was migrated to wins');
    assert.equal(countMessages(m), 4);

    const unknown = r.warnings.filter((w) => /does not understand/.test(w.message));
    assert.deepEqual(
      unknown.map((w) => [w.file, w.message]),
      [
        [
          path.join(gemini, 'tmp'),
          "Gemini CLI (version not recorded): 1 record of a kind this reader does not understand was not read ('$teleport' ×1) in 1 file",
        ],
      ],
    );
    assert.ok(r.searched.some((s) => s.tool === 'gemini-cli' && s.path === path.join(gemini, 'tmp') && s.exists));
    const md = sessionToMarkdown(a);
    assert.ok(!md.includes(FAKE_SECRETS.github));
    assert.match(exportFileName(a), /^agent-chats\/gemini-cli\/2026-03-10-list-the-workspace-token-/);
  } finally {
    h.cleanup();
  }
});

test('Gemini CLI: GEMINI_CLI_HOME replaces the home folder; other workspaces see none of these', async () => {
  const { h } = setup();
  try {
    const moved = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: { GEMINI_CLI_HOME: path.join(h.root, 'elsewhere') },
      platform: 'linux',
      tools: ['gemini-cli'],
    });
    assert.deepEqual(moved.sessions, []);
    const other = await findSessions({
      workspaceFolder: h.other,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['gemini-cli'],
    });
    assert.deepEqual(
      other.sessions.map((s) => s.id),
      ['aaaaaaaa-0000-4000-8000-000000000001'],
    );
  } finally {
    h.cleanup();
  }
});
