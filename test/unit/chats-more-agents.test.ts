// Readers for Copilot CLI, Continue, aider, Kiro, Zed, Amp and Zoo Code (issue 15): each finds exactly this
// workspace's sessions, counts messages per contract §3, keeps dates and models, and lets no planted secret through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  type ChatSession,
  type ChatTool,
  countMessages,
  exportFileName,
  findSessions,
  sessionToMarkdown,
} from '../../src/core/chats/index';
import { sqlJsOpener } from '../../src/core/chats/sqlite';
import { writeTask } from '../fixtures/chats/cline';
import { writeCopilotCliSession } from '../fixtures/chats/copilot-cli';
import { FAKE_SECRETS, fileUri, makeTempHome, writeFile, writeJson } from '../fixtures/chats/home';
import { writeAmpThread, writeContinueSession, writeKiroSession, writeZedDb } from '../fixtures/chats/more-agents';

const SECRET = FAKE_SECRETS.anthropic;

function assertNoSecret(s: ChatSession): void {
  const shown = [s.title, exportFileName(s), sessionToMarkdown(s)].join('\n');
  assert.ok(!shown.includes('sk-ant'), `secret leaked for ${s.tool} ${s.id}:\n${shown.slice(0, 400)}`);
}

async function find(ws: string, home: string, tool: ChatTool, env: Record<string, string> = {}) {
  return findSessions(
    { workspaceFolder: ws, home, env, platform: 'linux', tools: [tool] },
    { openSqlite: sqlJsOpener() },
  );
}

test('copilot-cli: events.jsonl sessions of this workspace (and its subfolders), legacy layout, unknown records', async () => {
  const h = makeTempHome();
  try {
    writeCopilotCliSession(h.home, {
      id: 'a1a1a1a1-0000-4000-8000-000000000001',
      cwd: h.ws,
      start: '2026-03-02T10:00:00.000Z',
      model: 'claude-sonnet-4.5',
      turns: [
        { user: `deploy with key ${SECRET} now` },
        { assistant: 'Listed the files.', tool: { name: 'bash', args: { command: 'ls' }, result: 'src\nREADME.md' } },
        { user: 'and the tests?' },
        { assistant: 'All 12 tests pass.' },
      ],
      extraRecords: [
        { type: 'session.future_thing', id: 'x', timestamp: '2026-03-02T10:10:00.000Z', parentId: null, data: {} },
      ],
    });
    writeCopilotCliSession(h.home, {
      id: 'a1a1a1a1-0000-4000-8000-000000000002',
      cwd: h.wsSub,
      start: '2026-03-03T08:00:00.000Z',
      legacy: true,
      turns: [{ user: 'explain the api package' }, { assistant: 'It serves HTTP.' }],
      // newer builds name the model on each assistant.message and carry reasoning inline
      extraRecords: [
        {
          type: 'user.message',
          id: 'e1',
          timestamp: '2026-03-03T08:01:00.000Z',
          parentId: null,
          data: { content: 'which port?', transformedContent: '<context>…</context> which port?' },
        },
        {
          type: 'assistant.message',
          id: 'e2',
          timestamp: '2026-03-03T08:01:05.000Z',
          parentId: 'e1',
          data: { messageId: 'm', content: 'Port 8080.', model: 'gpt-5.1', reasoningText: 'check the config' },
        },
      ],
    });
    for (const [i, cwd] of [h.other, h.prefixTrap].entries())
      writeCopilotCliSession(h.home, {
        id: `b${i}`,
        cwd,
        start: '2026-03-04T08:00:00.000Z',
        turns: [{ user: 'x' }, { assistant: 'y' }],
      });
    // another folder's session is skipped on its workspace.yaml alone: its event log is never read
    const otherEvents = path.join(h.home, '.copilot', 'session-state', 'b0', 'events.jsonl');
    writeFile(otherEvents, '{broken\n{broken\n');
    const r = await find(h.ws, h.home, 'copilot-cli');
    assert.ok(!r.warnings.some((w) => w.file === otherEvents), JSON.stringify(r.warnings));
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), [
      'a1a1a1a1-0000-4000-8000-000000000001',
      'a1a1a1a1-0000-4000-8000-000000000002',
    ]);
    const s = r.sessions.find((x) => x.id.endsWith('1'))!;
    assert.equal(countMessages(s), 4);
    assert.equal(s.messages.length, 4);
    assert.equal(s.startedAt, '2026-03-02T10:00:00.000Z');
    // 14 known records one second apart after session.start; the unknown record (10:10) does not count
    assert.equal(s.updatedAt, '2026-03-02T10:00:14.000Z');
    assert.deepEqual(s.models, ['claude-sonnet-4.5']);
    assert.equal(s.messages[1].toolCalls[0].name, 'bash');
    assert.equal(s.messages[1].toolCalls[0].output, 'src\nREADME.md');
    assert.equal(s.messages[1].thinking, 'thinking about it');
    assert.equal(s.workspaceFolder, h.ws);
    assertNoSecret(s);
    assert.match(s.title, /^deploy with key \S+ now$/);
    const legacy = r.sessions.find((x) => x.id.endsWith('2'))!;
    assert.equal(countMessages(legacy), 4);
    assert.deepEqual(legacy.models, ['gpt-5.1']);
    assert.equal(legacy.messages[2].text, 'which port?');
    assert.equal(legacy.messages[3].thinking, 'check the config');
    assert.equal(legacy.workspaceFolder, h.wsSub);
    const w = r.warnings.find((x) => x.message.includes('session.future_thing'));
    assert.ok(w, JSON.stringify(r.warnings));
    assert.match(w.message, /Copilot CLI 0\.0\.407-1: 1 record of a kind this reader does not understand was not read/);
    assert.ok(r.searched.some((x) => x.tool === 'copilot-cli' && x.exists));
  } finally {
    h.cleanup();
  }
});

test('copilot-cli: COPILOT_HOME moves the store; a missing store is searched, not an error', async () => {
  const h = makeTempHome();
  try {
    const alt = path.join(h.root, 'alt-copilot');
    writeCopilotCliSession(path.join(h.root, 'x'), {
      id: 'c1',
      cwd: h.ws,
      start: '2026-03-02T10:00:00.000Z',
      turns: [{ user: 'hi' }, { assistant: 'hello' }],
    });
    // the fixture writes under <home>/.copilot; move it to the COPILOT_HOME layout
    const { renameSync } = await import('node:fs');
    renameSync(path.join(h.root, 'x', '.copilot'), alt);
    const r = await find(h.ws, h.home, 'copilot-cli', { COPILOT_HOME: alt });
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['c1'],
    );
    const none = await find(h.ws, h.home, 'copilot-cli');
    assert.equal(none.sessions.length, 0);
    assert.equal(none.warnings.length, 0);
    assert.ok(none.searched.some((x) => x.tool === 'copilot-cli' && !x.exists));
  } finally {
    h.cleanup();
  }
});

test('continue: sessions/<id>.json matched by workspaceDirectory URI; index date; tool calls and results folded', async () => {
  const h = makeTempHome();
  try {
    const created = Date.parse('2026-02-10T09:00:00.000Z');
    const index = [
      { sessionId: 's-ws', title: 'New Session', dateCreated: String(created), workspaceDirectory: fileUri(h.ws) },
      { sessionId: 's-other', title: 'x', dateCreated: String(created), workspaceDirectory: fileUri(h.other) },
    ];
    writeContinueSession(
      h.home,
      {
        id: 's-ws',
        folderUri: fileUri(h.ws),
        title: 'New Session',
        dateCreated: created,
        chatModelTitle: 'Claude 4.5 Sonnet',
        history: [
          { message: { role: 'system', content: 'You are helpful' }, contextItems: [] },
          {
            message: { role: 'user', content: [{ type: 'text', text: `why does ${SECRET} fail?` }] },
            contextItems: [],
          },
          {
            message: {
              role: 'assistant',
              content: '',
              toolCalls: [
                { id: 'tc1', type: 'function', function: { name: 'read_file', arguments: '{"filepath":"a.ts"}' } },
              ],
            },
            contextItems: [],
            promptLogs: [{ modelTitle: 'Claude 4.5 Sonnet', completion: '' }],
          },
          { message: { role: 'tool', content: 'export const a = 1', toolCallId: 'tc1' }, contextItems: [] },
          { message: { role: 'assistant', content: 'The key is revoked.' }, contextItems: [] },
          { message: { role: 'user', content: 'thanks' }, contextItems: [] },
          { message: { role: 'assistant', content: 'You are welcome.' }, contextItems: [] },
        ],
      },
      index,
    );
    writeContinueSession(
      h.home,
      {
        id: 's-other',
        folderUri: fileUri(h.other),
        title: 'x',
        dateCreated: created,
        history: [{ message: { role: 'user', content: 'x' } }, { message: { role: 'assistant', content: 'y' } }],
      },
      index,
    );
    // the index says s-other belongs to another folder: its file is not even read
    const otherFile = path.join(h.home, '.continue', 'sessions', 's-other.json');
    writeFile(otherFile, '{broken');
    const r = await find(h.ws, h.home, 'continue');
    assert.ok(!r.warnings.some((w) => w.file === otherFile), JSON.stringify(r.warnings));
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['s-ws'],
    );
    const s = r.sessions[0];
    assert.equal(countMessages(s), 4);
    assert.equal(s.startedAt, '2026-02-10T09:00:00.000Z');
    assert.ok(s.updatedAt >= s.startedAt);
    assert.deepEqual(s.models, ['Claude 4.5 Sonnet']);
    assert.equal(s.messages[1].toolCalls[0].name, 'read_file');
    assert.equal(s.messages[1].toolCalls[0].output, 'export const a = 1');
    assert.match(s.title, /^why does \S+ fail\?$/);
    assertNoSecret(s);
  } finally {
    h.cleanup();
  }
});

test('aider: one session per "chat started" block of the workspace history file; model from the banner', async () => {
  const h = makeTempHome();
  try {
    const hist = [
      '',
      '# aider chat started at 2026-01-05 14:00:00',
      '',
      '> Aider v0.86.1',
      '> Main model: anthropic/claude-sonnet-4-5 with diff edit format',
      '> Git repo: .git with 12 files',
      '',
      `#### add a health check, key ${SECRET}  `,
      '#### and log it',
      '',
      'I will add `/health` to app.py.',
      '',
      'app.py',
      '```python',
      '@app.get("/health")',
      '```',
      '',
      '> Tokens: 2.1k sent, 120 received.',
      '> Applied edit to app.py',
      '',
      '#### thanks',
      '',
      'Done.',
      '',
      '# aider chat started at 2026-01-06 09:30:00',
      '',
      '> Model: gpt-4o with diff edit format',
      '',
      '#### rename the route',
      '',
      'Renamed.',
      '',
    ].join('\n');
    const commands = [
      '',
      '# aider chat started at 2026-01-07 08:00:00',
      '',
      '> /usr/bin/aider --model gpt-4o',
      '> Main model: gpt-4o with diff edit format',
      '',
      '#### /add app.py',
      '> Added app.py to the chat',
      '',
      '#### fix the loop bound',
      '',
      'Fixed.',
      '',
      '> Commit a1b2c3d fix: loop bound',
      '',
      '#### <blank>',
      '',
      '#### /ask why was it wrong?',
      '',
      'It skipped the last item.',
      '',
    ].join('\n');
    writeFile(path.join(h.ws, '.aider.chat.history.md'), hist + commands);
    writeFile(
      path.join(h.other, '.aider.chat.history.md'),
      '# aider chat started at 2026-01-01 00:00:00\n\n#### x\n\ny\n',
    );
    const r = await find(h.ws, h.home, 'aider');
    assert.equal(r.sessions.length, 3);
    const [a, b, c] = [...r.sessions].sort((x, y) => (x.startedAt < y.startedAt ? -1 : 1));
    // `/add` is a command (folded as a tool call), `<blank>` no prompt, `/ask …` a prompt with its text
    assert.equal(countMessages(c), 4);
    assert.deepEqual(
      c.messages.filter((m) => m.role === 'user').map((m) => m.text),
      ['fix the loop bound', 'why was it wrong?'],
    );
    assert.equal(c.messages[0].toolCalls[0].name, 'aider /add');
    assert.equal(c.title, 'fix the loop bound');
    assert.equal(a.startedAt, new Date(2026, 0, 5, 14, 0, 0).toISOString());
    assert.equal(a.updatedAt, new Date(2026, 0, 6, 9, 30, 0).toISOString());
    assert.equal(b.updatedAt, new Date(2026, 0, 7, 8, 0, 0).toISOString());
    assert.equal(b.startedAt, new Date(2026, 0, 6, 9, 30, 0).toISOString());
    assert.equal(countMessages(a), 4);
    assert.equal(a.messages[0].text.split('\n').length, 2);
    assert.ok(a.messages[1].text.includes('@app.get("/health")'));
    assert.equal(a.messages[1].toolCalls[0].output, 'Tokens: 2.1k sent, 120 received.\nApplied edit to app.py');
    assert.deepEqual(a.models, ['anthropic/claude-sonnet-4-5']);
    assert.deepEqual(b.models, ['gpt-4o']);
    assert.equal(countMessages(b), 2);
    assert.equal(a.id, '2026-01-05T14:00:00');
    assertNoSecret(a);
    // a workspace without the file: nothing, no warning
    const none = await find(h.prefixTrap, h.home, 'aider');
    assert.equal(none.sessions.length + none.warnings.length, 0);
  } finally {
    h.cleanup();
  }
});

test('kiro: workspace-sessions/<base64 folder>/ sessions of this workspace only', async () => {
  const h = makeTempHome();
  try {
    const kiroUser = path.join(h.home, '.config', 'Kiro', 'User');
    const created = Date.parse('2026-04-01T12:00:00.000Z');
    writeKiroSession(kiroUser, h.ws, {
      id: 'k-1',
      title: `set up CI with ${SECRET}`,
      dateCreated: created,
      model: 'claude-sonnet-4',
      history: [
        { message: { role: 'user', content: `set up CI with ${SECRET}`, id: 'm1' } },
        {
          message: {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Adding a workflow.' },
              { type: 'tool_use', id: 't1', name: 'fsWrite', input: { path: '.github/workflows/ci.yml' } },
            ],
          },
        },
        { message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] } },
        { message: { role: 'assistant', content: 'CI is set up.' } },
        { message: { role: 'user', content: [{ type: 'text', text: 'run it' }] } },
        { message: { role: 'assistant', content: [{ type: 'text', text: 'Running.' }] } },
      ],
    });
    writeKiroSession(kiroUser, h.prefixTrap, {
      id: 'k-2',
      title: 'trap',
      dateCreated: created,
      history: [{ message: { role: 'user', content: 'x' } }, { message: { role: 'assistant', content: 'y' } }],
    });
    const r = await find(h.ws, h.home, 'kiro');
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['k-1'],
    );
    const s = r.sessions[0];
    assert.equal(countMessages(s), 4);
    assert.equal(s.startedAt, '2026-04-01T12:00:00.000Z');
    assert.deepEqual(s.models, ['claude-sonnet-4']);
    assert.equal(s.messages[1].toolCalls[0].output, 'ok');
    assertNoSecret(s);
  } finally {
    h.cleanup();
  }
});

test('amp: threads of this workspace from the XDG data store and the legacy extension store', async () => {
  const h = makeTempHome();
  try {
    const dir = path.join(h.home, '.local', 'share', 'amp', 'threads');
    const created = Date.parse('2026-05-01T08:00:00.000Z');
    writeAmpThread(dir, {
      id: 'T-0001',
      created,
      treeUri: fileUri(h.ws),
      messages: [
        {
          role: 'user',
          messageId: 0,
          content: [{ type: 'text', text: `rotate ${SECRET}` }],
          meta: { sentAt: created },
        },
        {
          role: 'assistant',
          messageId: 1,
          content: [
            { type: 'thinking', thinking: 'find the config' },
            { type: 'tool_use', id: 'tu1', name: 'Grep', input: { pattern: 'API_KEY' } },
          ],
          state: { type: 'complete', stopReason: 'tool_use' },
          usage: { model: 'claude-opus-4-5', timestamp: '2026-05-01T08:00:05.000Z' },
        },
        {
          role: 'user',
          messageId: 2,
          content: [{ type: 'tool_result', toolUseID: 'tu1', run: { status: 'done', result: 'config.ts:3' } }],
        },
        {
          role: 'assistant',
          messageId: 3,
          content: [{ type: 'text', text: 'Rotated in config.ts.' }],
          usage: { model: 'claude-opus-4-5', timestamp: '2026-05-01T08:01:00.000Z' },
        },
      ],
    });
    writeAmpThread(path.join(h.userDir('Code'), 'globalStorage', 'sourcegraph.amp', 'threads3'), {
      id: 'T-0002',
      title: 'Legacy thread',
      created,
      treeUri: fileUri(h.wsSub),
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'hello' }] },
      ],
    });
    writeAmpThread(dir, {
      id: 'T-0003',
      created,
      treeUri: fileUri(h.other),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    });
    // env.initial.cwd and a URI object instead of a string; a rejected tool run with its progress text
    writeJson(path.join(dir, 'T-0004.json'), {
      id: 'T-0004',
      created,
      env: { initial: { cwd: h.wsSub, trees: [{ uri: { fsPath: h.other } }] } },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'delete the cache' }], meta: { sentAt: created + 1000 } },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'x1', name: 'Bash', input: { cmd: 'rm -rf .cache' } }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', toolUseID: 'x1', run: { status: 'rejected-by-user', progress: 'denied' } }],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'Left it alone.' }] },
      ],
    });
    const r = await find(h.ws, h.home, 'amp');
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), ['T-0001', 'T-0002', 'T-0004']);
    const rejected = r.sessions.find((x) => x.id === 'T-0004')!;
    assert.equal(rejected.workspaceFolder, h.wsSub);
    assert.deepEqual(rejected.messages[1].toolCalls[0], {
      name: 'Bash',
      input: '{"cmd":"rm -rf .cache"}',
      output: 'denied',
      isError: true,
    });
    assert.equal(countMessages(rejected), 2);
    const s = r.sessions.find((x) => x.id === 'T-0001')!;
    assert.equal(countMessages(s), 2);
    assert.equal(s.startedAt, '2026-05-01T08:00:00.000Z');
    assert.equal(s.updatedAt, '2026-05-01T08:01:00.000Z');
    assert.deepEqual(s.models, ['claude-opus-4-5']);
    assert.equal(s.messages[1].toolCalls[0].output, 'config.ts:3');
    assert.equal(s.messages[1].thinking, 'find the config');
    assertNoSecret(s);
    assert.equal(r.sessions.find((x) => x.id === 'T-0002')!.title, 'Legacy thread');
  } finally {
    h.cleanup();
  }
});

test('zed: threads.db rows (zstd 0.3.0, json, pre-0.3 segments) of this workspace; sub-agent threads left out', async () => {
  const h = makeTempHome();
  try {
    const db = path.join(h.home, '.local', 'share', 'zed', 'threads', 'threads.db');
    const v3 = (first: string) => ({
      version: '0.3.0',
      title: 'Fix the build',
      updated_at: '2026-06-01T10:05:00Z',
      model: { provider: 'zed.dev', model: 'claude-sonnet-4-5' },
      messages: [
        {
          User: {
            id: 'u1',
            content: [{ Text: first }, { Mention: { uri: { File: { abs_path: '/x' } }, content: 'x' } }],
          },
        },
        {
          Agent: {
            content: [
              { Thinking: { text: 'look at the error', signature: null } },
              {
                ToolUse: {
                  id: 'tool1',
                  name: 'terminal',
                  raw_input: '{"command":"make"}',
                  input: { command: 'make' },
                  is_input_complete: true,
                },
              },
            ],
            tool_results: {
              tool1: {
                tool_use_id: 'tool1',
                tool_name: 'terminal',
                is_error: false,
                content: { Text: 'ok' },
                output: null,
              },
            },
          },
        },
        { Agent: { content: [{ Text: 'The build is fixed.' }], tool_results: {} } },
        'Resume',
        { User: { id: 'u2', content: [{ Text: 'ship it' }] } },
        { Agent: { content: [{ Text: 'Shipped.' }], tool_results: {} } },
      ],
    });
    await writeZedDb(db, [
      {
        id: 'z-zstd',
        summary: 'Fix the build',
        updatedAt: '2026-06-01T10:05:00Z',
        createdAt: '2026-06-01T10:00:00Z',
        folderPaths: h.ws,
        dataType: 'zstd',
        payload: v3(`the build fails with ${SECRET}`),
      },
      {
        id: 'z-json',
        summary: 'Old thread',
        updatedAt: '2026-05-01T10:00:00Z',
        folderPaths: `${h.other}\n${h.wsSub}`,
        dataType: 'json',
        payload: {
          version: '0.2.0',
          messages: [
            { role: 'user', segments: [{ type: 'text', text: 'hello' }] },
            {
              role: 'assistant',
              segments: [
                { type: 'thinking', text: 'hmm' },
                { type: 'text', text: 'hi' },
              ],
            },
          ],
        },
      },
      {
        id: 'z-sub',
        summary: 'sub agent',
        updatedAt: '2026-06-01T10:04:00Z',
        folderPaths: h.ws,
        parentId: 'z-zstd',
        dataType: 'json',
        payload: v3('sub'),
      },
      {
        id: 'z-other',
        summary: 'o',
        updatedAt: '2026-06-01T10:00:00Z',
        folderPaths: h.prefixTrap,
        dataType: 'json',
        payload: v3('o'),
      },
      {
        id: 'z-bad',
        summary: 'corrupt',
        updatedAt: '2026-06-01T10:00:00Z',
        folderPaths: h.ws,
        dataType: 'zstd',
        payload: null,
      },
    ]);
    // corrupt the last row's zstd payload: overwrite via a second DB write is overkill; a row whose JSON is `null`
    // decodes to a non-object and is skipped with a warning
    const r = await find(h.ws, h.home, 'zed');
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), ['z-json', 'z-zstd']);
    const s = r.sessions.find((x) => x.id === 'z-zstd')!;
    assert.equal(countMessages(s), 4);
    assert.equal(s.messages.length, 4);
    assert.equal(s.startedAt, '2026-06-01T10:00:00.000Z');
    assert.equal(s.updatedAt, '2026-06-01T10:05:00.000Z');
    assert.deepEqual(s.models, ['claude-sonnet-4-5']);
    assert.equal(s.title, 'Fix the build');
    assert.equal(s.messages[1].toolCalls[0].output, 'ok');
    assert.equal(s.messages[1].text, 'The build is fixed.');
    assertNoSecret(s);
    const old = r.sessions.find((x) => x.id === 'z-json')!;
    assert.equal(old.workspaceFolder, h.wsSub);
    assert.equal(countMessages(old), 2);
    assert.equal(old.messages[1].thinking, 'hmm');
    assert.ok(
      r.warnings.some((w) => /skipped 1 Zed thread/.test(w.message)),
      JSON.stringify(r.warnings),
    );
  } finally {
    h.cleanup();
  }
});

test('zed: a database without the newer columns or not a Zed database gives a warning, not a throw', async () => {
  const h = makeTempHome();
  try {
    const db = path.join(h.home, '.local', 'share', 'zed', 'threads', 'threads.db');
    await writeZedDb(
      db,
      [{ id: 'z', summary: 's', updatedAt: '2026-06-01T10:00:00Z', folderPaths: h.ws, dataType: 'json', payload: {} }],
      { legacyColumns: true },
    );
    const r = await find(h.ws, h.home, 'zed');
    assert.equal(r.sessions.length, 0); // no folder recorded: cannot belong to the workspace
    writeFile(db, 'not a database at all');
    const bad = await find(h.ws, h.home, 'zed');
    assert.equal(bad.sessions.length, 0);
    assert.ok(
      bad.warnings.some((w) => w.file === db),
      JSON.stringify(bad.warnings),
    );
  } finally {
    h.cleanup();
  }
});

test('zoo-code: the Roo Code fork is read from its own globalStorage folder with the Roo task layout', async () => {
  const h = makeTempHome();
  try {
    const zoo = path.join(h.userDir('Code'), 'globalStorage', 'zoocodeorganization.zoo-code');
    const T0 = Date.parse('2026-07-01T09:00:00.000Z');
    writeTask(zoo, {
      id: 'zoo-1',
      ts: T0,
      task: `migrate the db (token ${SECRET})`,
      cwd: h.ws,
      events: [{ text: 'Migrating.' }, { completion: 'Migrated.' }, { feedback: 'good' }, { text: 'Thanks.' }],
    });
    writeTask(zoo, { id: 'zoo-2', ts: T0, task: 'other', cwd: h.other, events: [{ text: 'x' }] });
    const r = await find(h.ws, h.home, 'zoo-code');
    assert.deepEqual(
      r.sessions.map((s) => s.id),
      ['zoo-1'],
    );
    const s = r.sessions[0];
    assert.equal(s.tool, 'zoo-code');
    assert.equal(countMessages(s), 4);
    assert.equal(s.startedAt, '2026-07-01T09:00:00.000Z');
    assertNoSecret(s);
    assert.match(sessionToMarkdown(s), /\| Tool \| Zoo Code \|/);
  } finally {
    h.cleanup();
  }
});

test('windsurf: an encrypted Cascade store is reported by name, once, and never read', async () => {
  const h = makeTempHome();
  try {
    writeFile(path.join(h.home, '.codeium', 'windsurf', 'cascade', '0d1e.pb'), new Uint8Array([1, 2, 3]));
    writeFile(path.join(h.home, '.codeium', 'windsurf', 'cascade', '9f2a.pb'), new Uint8Array([4, 5, 6]));
    const r = await findSessions(
      { workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux' },
      { openSqlite: sqlJsOpener() },
    );
    const w = r.warnings.filter((x) => x.message.startsWith('Windsurf'));
    assert.equal(w.length, 1);
    assert.match(w[0].message, /encrypted and cannot be read.*2 encrypted chat files/);
    // the configured capture list (or a --tool filter) never names Windsurf: it is reported all the same
    const filtered = await find(h.ws, h.home, 'aider');
    assert.equal(filtered.warnings.filter((x) => x.message.startsWith('Windsurf')).length, 1);
    const h2 = makeTempHome();
    try {
      const none = await findSessions({ workspaceFolder: h2.ws, home: h2.home, env: {}, platform: 'linux' });
      assert.ok(!none.warnings.some((x) => x.message.startsWith('Windsurf')));
    } finally {
      h2.cleanup();
    }
  } finally {
    h.cleanup();
  }
});

test('bad input: corrupt files are skipped with a warning naming them; the rest is still read; abort rejects', async () => {
  const h = makeTempHome();
  try {
    // Copilot CLI: a malformed middle line and a truncated last line (a write in progress)
    const dir = writeCopilotCliSession(h.home, {
      id: 'cc-1',
      cwd: h.ws,
      start: '2026-03-02T10:00:00.000Z',
      turns: [{ user: 'hi' }, { assistant: 'hello' }],
    });
    const events = path.join(dir, 'events.jsonl');
    const { appendFileSync, readFileSync } = await import('node:fs');
    const lines = readFileSync(events, 'utf8').split('\n');
    lines.splice(2, 0, '{not json');
    writeFile(events, lines.join('\n') + '{"type":"user.message","data":{"content":"cut o');
    // Continue, Kiro, Amp: one corrupt file each beside a good one
    writeContinueSession(
      h.home,
      {
        id: 'good',
        folderUri: fileUri(h.ws),
        title: 'good one',
        dateCreated: 1,
        history: [{ message: { role: 'user', content: 'q' } }, { message: { role: 'assistant', content: 'a' } }],
      },
      [],
    );
    const badContinue = path.join(h.home, '.continue', 'sessions', 'bad.json');
    writeFile(badContinue, '{"sessionId": "bad", "history": [');
    const kiroUser = path.join(h.home, '.config', 'Kiro', 'User');
    writeKiroSession(kiroUser, h.ws, {
      id: 'k-good',
      title: 'fine',
      dateCreated: 1,
      history: [{ message: { role: 'user', content: 'q' } }, { message: { role: 'assistant', content: 'a' } }],
    });
    const { kiroFolderName } = await import('../fixtures/chats/more-agents');
    const badKiro = path.join(
      kiroUser,
      'globalStorage',
      'kiro.kiroagent',
      'workspace-sessions',
      kiroFolderName(h.ws),
      'k-bad.json',
    );
    writeFile(badKiro, '\u0000\u0001garbage');
    const ampDir = path.join(h.home, '.local', 'share', 'amp', 'threads');
    writeAmpThread(ampDir, {
      id: 'T-good',
      created: 1767865803494,
      treeUri: fileUri(h.ws),
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
      ],
    });
    const badAmp = path.join(ampDir, 'T-bad.json');
    writeFile(badAmp, '[1, 2');
    appendFileSync(path.join(ampDir, 'T-good.json'), '\n');

    const r = await findSessions(
      {
        workspaceFolder: h.ws,
        home: h.home,
        env: {},
        platform: 'linux',
        tools: ['copilot-cli', 'continue', 'kiro', 'amp'],
      },
      { openSqlite: sqlJsOpener() },
    );
    assert.deepEqual(r.sessions.map((s) => `${s.tool}:${s.id}`).sort(), [
      'amp:T-good',
      'continue:good',
      'copilot-cli:cc-1',
      'kiro:k-good',
    ]);
    assert.equal(countMessages(r.sessions.find((s) => s.id === 'cc-1')!), 2);
    for (const f of [badContinue, badKiro, badAmp])
      assert.ok(
        r.warnings.some((w) => w.file === f && /not valid JSON/.test(w.message)),
        `${f}: ${JSON.stringify(r.warnings)}`,
      );
    assert.ok(r.warnings.some((w) => w.file === events && /truncated last line/.test(w.message)));
    assert.ok(r.warnings.some((w) => w.file === events && /malformed line/.test(w.message)));

    const ac = new AbortController();
    ac.abort();
    await assert.rejects(
      findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux', signal: ac.signal }),
      /abort/i,
    );
  } finally {
    h.cleanup();
  }
});

test('point 4: the title of every reader is redacted, a key straddling the 80-character limit included', async () => {
  const h = makeTempHome();
  try {
    const { ClaudeSessionBuilder } = await import('../fixtures/chats/claude');
    const { CodexRolloutBuilder } = await import('../fixtures/chats/codex');
    // the key starts at character 69: a title truncated before redaction keeps "sk-ant-api0…"
    const prompt = `please look at the deployment configuration of the staging cluster, ${SECRET} fails`;
    new ClaudeSessionBuilder('22222222-aaaa-4bbb-8ccc-000000000001', h.ws)
      .prompt(prompt)
      .text('Looking.')
      .write(path.join(h.home, '.claude'));
    new CodexRolloutBuilder('0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', h.ws)
      .turn('gpt-5-codex')
      .prompt(prompt)
      .answer('Looking.')
      .write(path.join(h.home, '.codex'));
    writeCopilotCliSession(h.home, {
      id: 'cc-long',
      cwd: h.ws,
      start: '2026-03-02T10:00:00.000Z',
      turns: [{ user: prompt }, { assistant: 'Looking.' }],
    });
    const r = await findSessions(
      {
        workspaceFolder: h.ws,
        home: h.home,
        env: {},
        platform: 'linux',
        tools: ['claude-code', 'codex', 'copilot-cli'],
      },
      { openSqlite: sqlJsOpener() },
    );
    assert.equal(r.sessions.length, 3, JSON.stringify(r.warnings));
    for (const s of r.sessions) {
      assert.ok(!s.title.includes('sk-ant'), `${s.tool}: ${s.title}`);
      assert.match(s.title, /^please look at the deployment configuration of the staging cluster, \[REDACTED/);
      assertNoSecret(s);
    }
  } finally {
    h.cleanup();
  }
});
