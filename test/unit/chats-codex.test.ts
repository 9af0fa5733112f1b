import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { CodexRolloutBuilder, writeLegacyCodexRollout } from '../fixtures/chats/codex';
import { FAKE_SECRETS, makeTempHome, writeFile, writeJsonl } from '../fixtures/chats/home';

const A = '019dd8e4-15dd-7143-95e8-219014341717';
const B = '019dd8e4-15dd-7143-95e8-219014341718';
const C = '019dd8e4-15dd-7143-95e8-219014341719';
const LEGACY = '5973b6c0-94b8-487b-a530-2aeb6098ae0e';

function setup(customHome = false) {
  const h = makeTempHome();
  const home = customHome ? path.join(h.root, 'codex-home') : path.join(h.home, '.codex');
  const a = new CodexRolloutBuilder(A, h.ws, '2026-04-29T10:58:39.732Z')
    .turn('gpt-5.5')
    .prompt('run the tests', true)
    .reasoning('I should run npm test.')
    .call(
      'call_1',
      'exec_command',
      { cmd: 'npm test' },
      `Process exited with code 0\nOutput:\n42 passing\nGITHUB_TOKEN=${FAKE_SECRETS.github}`,
    )
    .answer('Running them now.', 'commentary')
    .call('call_2', 'exec_command', { cmd: 'npm run lint' }, 'clean')
    .answer('All 42 tests pass and lint is clean.')
    .turn('gpt-5.5-codex')
    .prompt('add a changelog entry')
    .patch('call_3', '*** Begin Patch\n*** Update File: CHANGELOG.md\n+ - fixed\n*** End Patch')
    .answer('Added.');
  const fa = a.write(home);
  // B: subfolder of the workspace, archived, unknown record type, truncated last line
  const b = new CodexRolloutBuilder(B, h.wsSub, '2026-05-01T08:00:00.000Z')
    .turn('o4-mini')
    .prompt('explain packages/api')
    .answer('It is the HTTP layer.')
    .rawLine({ timestamp: '2026-05-01T08:00:09.000Z', type: 'quantum_state', payload: { v: 2 } });
  const fb = b.write(home, {
    archived: true,
    truncatedTail: '{"timestamp":"2026-05-01T08:00:10.000Z","type":"event_msg","payload":{"type":"agent_mes',
  });
  // C: thread name from session_index.jsonl (newest line wins)
  new CodexRolloutBuilder(C, h.ws, '2026-05-02T08:00:00.000Z')
    .turn('gpt-5.5')
    .prompt('quick question')
    .answer('Quick answer.')
    .write(home);
  writeJsonl(path.join(home, 'session_index.jsonl'), [
    { id: C, thread_name: 'Old name', updated_at: '2026-05-02T08:00:01Z' },
    { id: C, thread_name: 'Quick Q&A', updated_at: '2026-05-02T08:05:00Z' },
  ]);
  // Legacy direct layout, cwd only in <environment_context>
  const fl = writeLegacyCodexRollout(home, LEGACY, h.ws, '2025-06-10T12:00:00.000Z', [
    { prompt: 'what is in this repo?', answer: 'A README.' },
    { prompt: 'thanks', answer: 'You are welcome.' },
  ]);
  // Other workspaces
  new CodexRolloutBuilder('019dd8e4-0000-7000-8000-00000000000a', h.other)
    .turn('gpt-5.5')
    .prompt('other')
    .answer('x')
    .write(home);
  new CodexRolloutBuilder('019dd8e4-0000-7000-8000-00000000000b', h.prefixTrap)
    .turn('gpt-5.5')
    .prompt('trap')
    .answer('x')
    .write(home);
  writeLegacyCodexRollout(home, '5973b6c0-94b8-487b-a530-2aeb6098ae0f', h.other, '2025-06-11T12:00:00.000Z', [
    { prompt: 'legacy other', answer: 'x' },
  ]);
  // Corrupt rollout
  const bad = path.join(
    home,
    'sessions',
    '2026',
    '05',
    '03',
    `rollout-2026-05-03T00-00-00-019dd8e4-0000-7000-8000-0000000000ff.jsonl`,
  );
  writeFile(bad, '{not json at all\n\u0000\u0001binary\n');
  return { h, fa, fb, fl, bad, home };
}

test('Codex: this workspace’s rollouts (both layouts), with counts, titles, models, times and warnings', async () => {
  const { h, fa, fb, fl, bad } = setup();
  try {
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux', tools: ['codex'] });
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), [A, B, C, LEGACY].sort());

    const a = r.sessions.find((s) => s.id === A)!;
    // 2 prompts + 2 replies; the first reply merges commentary + final answer, the tool calls are folded in
    assert.equal(countMessages(a), 4);
    assert.deepEqual(
      a.messages.map((m) => m.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
    assert.equal(a.messages[0].text, 'run the tests', 'scaffolding (<environment_context>) is not a prompt');
    assert.equal(a.messages[1].text, 'Running them now.\n\nAll 42 tests pass and lint is clean.');
    assert.equal(a.messages[1].thinking, 'I should run npm test.');
    assert.deepEqual(
      a.messages[1].toolCalls.map((c) => [c.name, c.input]),
      [
        ['exec_command', '{"cmd":"npm test"}'],
        ['exec_command', '{"cmd":"npm run lint"}'],
      ],
    );
    assert.match(a.messages[1].toolCalls[0].output ?? '', /42 passing/);
    assert.equal(a.messages[3].toolCalls[0].name, 'apply_patch');
    assert.deepEqual(a.models, ['gpt-5.5', 'gpt-5.5-codex']);
    assert.equal(a.title, 'run the tests');
    assert.equal(a.startedAt, '2026-04-29T10:58:39.732Z');
    assert.ok(a.updatedAt > a.startedAt);
    assert.deepEqual(a.sources, [fa]);

    const b = r.sessions.find((s) => s.id === B)!;
    assert.equal(countMessages(b), 2);
    assert.equal(b.workspaceFolder, h.wsSub);
    assert.deepEqual(b.models, ['o4-mini']);

    assert.equal(r.sessions.find((s) => s.id === C)!.title, 'Quick Q&A');

    const legacy = r.sessions.find((s) => s.id === LEGACY)!;
    assert.equal(countMessages(legacy), 4);
    assert.deepEqual(
      legacy.messages.filter((m) => m.role === 'user').map((m) => m.text),
      ['what is in this repo?', 'thanks'],
    );
    assert.equal(legacy.messages[1].toolCalls[0].name, 'shell');
    assert.equal(legacy.startedAt, '2025-06-10T12:00:00.000Z');
    assert.deepEqual(legacy.sources, [fl]);

    const msgs = (f: string) =>
      r.warnings
        .filter((w) => w.file === f)
        .map((w) => w.message)
        .join('\n');
    assert.match(msgs(fb), /truncated last line/);
    // records this reader does not understand: one warning for the whole store, with the version and the count
    const unknown = r.warnings.filter((w) => /does not understand/.test(w.message));
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].file, path.join(h.home, '.codex', 'sessions'));
    assert.equal(
      unknown[0].message,
      "Codex 0.125.0: 1 record of a kind this reader does not understand was not read ('quantum_state' ×1) in 1 file",
    );
    assert.match(msgs(bad), /malformed line/);
    assert.equal(msgs(fa), '');

    const md = sessionToMarkdown(a);
    assert.ok(!md.includes(FAKE_SECRETS.github));
    assert.match(md, /\| Models \| gpt-5\.5, gpt-5\.5-codex \|/);
    assert.match(md, /<details><summary>Tool: exec_command — <code>npm test<\/code><\/summary>/);
    assert.match(exportFileName(a), /^agent-chats\/codex\/2026-04-29-run-the-tests-[0-9a-f]{8}\.md$/);
    assert.notEqual(exportFileName(a), exportFileName(r.sessions.find((s) => s.id === B)!));
  } finally {
    h.cleanup();
  }
});

test('Codex: CODEX_HOME is honoured', async () => {
  const { h, home: custom } = setup(true);
  try {
    const r1 = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['codex'],
    });
    assert.equal(r1.sessions.length, 0);
    const r2 = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: { CODEX_HOME: custom },
      platform: 'linux',
      tools: ['codex'],
    });
    assert.equal(r2.sessions.length, 4);
    assert.ok(r2.searched.some((s) => s.path === path.join(custom, 'sessions') && s.exists));
  } finally {
    h.cleanup();
  }
});

const ZST_DIR = path.join(__dirname, '..', 'fixtures', 'chats', 'codex-zst');
const ZST_ID = '019e2a10-7c3b-7d41-9a52-5f0c3e8b1d27';
const ZST_NAME = `rollout-2026-06-01T09-00-00-${ZST_ID}`;

test('Codex: a compressed (.jsonl.zst) paginated rollout is read, its unknown TurnItem reported once', async () => {
  const h = makeTempHome();
  try {
    const day = path.join(h.home, '.codex', 'sessions', '2026', '06', '01');
    mkdirSync(day, { recursive: true });
    copyFileSync(path.join(ZST_DIR, `${ZST_NAME}.jsonl.zst`), path.join(day, `${ZST_NAME}.jsonl.zst`));
    const r = await findSessions({
      workspaceFolder: '/nws-fixtures/zst-app',
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['codex'],
    });
    assert.equal(r.sessions.length, 1);
    const s = r.sessions[0];
    assert.equal(s.id, ZST_ID);
    assert.equal(countMessages(s), 4);
    assert.deepEqual(
      s.messages.map((m) => [m.role, m.text]),
      [
        ['user', `deploy with key ${FAKE_SECRETS.anthropic}`],
        ['assistant', 'Deployed. Rotate that key.'],
        ['user', 'thanks'],
        ['assistant', 'You are welcome.'],
      ],
    );
    assert.equal(s.messages[1].thinking, 'Check the deploy script first.');
    assert.deepEqual(
      s.messages[1].toolCalls.map((c) => [c.name, c.input, c.output]),
      [['exec_command', '{"cmd":"bash -lc npm run deploy"}', 'deployed']],
    );
    assert.equal(s.messages[3].toolCalls[0].name, 'docs.search');
    assert.deepEqual(s.models, ['gpt-5.5']);
    assert.equal(s.startedAt, '2026-06-01T09:00:00.000Z');
    assert.equal(s.updatedAt, '2026-06-01T09:00:09.000Z');
    const unknown = r.warnings.filter((w) => /does not understand/.test(w.message));
    assert.deepEqual(
      unknown.map((w) => w.message),
      [
        "Codex 0.153.0: 1 record of a kind this reader does not understand was not read ('item_completed:TelepathyLink' ×1) in 1 file",
      ],
    );
    // the plain file wins over its compressed twin
    writeFile(
      path.join(day, `${ZST_NAME}.jsonl`),
      readFileSync(path.join(ZST_DIR, `${ZST_NAME}.jsonl.txt`), 'utf8').replace('You are welcome.', 'Plain wins.'),
    );
    const r2 = await findSessions({
      workspaceFolder: '/nws-fixtures/zst-app',
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['codex'],
    });
    assert.equal(r2.sessions[0].messages[3].text, 'Plain wins.');
    assert.ok(r2.sessions[0].sources[0].endsWith('.jsonl'));
  } finally {
    h.cleanup();
  }
});

test('Codex: a corrupt .jsonl.zst is a warning naming it, the rest is read', async () => {
  const { h, home } = setup();
  try {
    const bad = path.join(home, 'sessions', '2026', '05', '04', `rollout-2026-05-04T00-00-00-${ZST_ID}.jsonl.zst`);
    writeFile(bad, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x01, 0x02, 0x03]));
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux', tools: ['codex'] });
    assert.equal(r.sessions.length, 4);
    assert.match(r.warnings.find((w) => w.file === bad)?.message ?? '', /not a readable zstd file/);
  } finally {
    h.cleanup();
  }
});
