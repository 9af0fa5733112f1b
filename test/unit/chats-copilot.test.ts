import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { countMessages, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import { replayOperationLog } from '../../src/core/chats/copilot';
import {
  copilotSession,
  workspaceStorageDir,
  writeSessionJson,
  writeSessionJsonl,
  writeWorkspaceJson,
} from '../fixtures/chats/copilot';
import { FAKE_SECRETS, fileUri, makeTempHome, writeFile, writeJson } from '../fixtures/chats/home';
import { writeStateDb } from '../fixtures/chats/sqlite';

const T0 = Date.parse('2026-02-10T15:00:00.000Z');

async function setup() {
  const h = makeTempHome();
  const code = h.userDir('Code');
  const ws1 = writeWorkspaceJson(code, 'a1b2c3d4e5f60718293a4b5c6d7e8f90', h.ws);
  // JSON (v3): two requests, one with a tool call and thinking; title from customTitle
  const jsonFile = writeSessionJson(
    ws1,
    copilotSession(
      'sess-json',
      T0,
      [
        {
          prompt: `add retry with backoff to fetchUser (token ${FAKE_SECRETS.github})`,
          answer: ["I'll wrap the call ", 'in a retry loop.', '\n\nDone: `fetchUser` now retries 3 times.'],
          timestamp: T0 + 1000,
          model: 'copilot/claude-sonnet-4',
          thinking: 'Need exponential backoff.',
          tool: {
            id: 'call_9',
            name: 'replace_string_in_file',
            args: { filePath: 'src/api.ts', oldString: 'a', newString: 'b' },
            result: 'Edited src/api.ts',
          },
        },
        {
          prompt: 'also add a test',
          answer: ['Added `api.test.ts`.'],
          timestamp: T0 + 60000,
          model: 'copilot/gpt-4.1',
        },
      ],
      { customTitle: 'Add retry to fetch' },
    ),
  );
  // JSONL operation log: title from the index in state.vscdb; a later "set" rewrites the response; push with `i` truncates
  const logSession = copilotSession('sess-log', T0 + 3600000, [
    { prompt: 'explain the build', answer: ['It uses esbuild.'], timestamp: T0 + 3601000 },
    { prompt: 'a prompt that gets edited away', answer: ['stale'], timestamp: T0 + 3602000 },
  ]);
  const replacement = {
    ...(logSession.requests as Record<string, unknown>[])[1],
    message: { text: 'how do I run it?' },
    response: [{ value: 'Run `npm run build`.' }],
  };
  const logFile = writeSessionJsonl(ws1, logSession, {
    extraOps: [
      { kind: 2, k: ['requests'], v: [replacement], i: 1 },
      { kind: 1, k: ['customTitle'], v: undefined },
      { kind: 'teleport', k: ['x'] },
    ],
    truncatedTail: '{"kind":1,"k":["requests",1,"resp',
  });
  // Same id as .json and .jsonl: the log wins
  writeSessionJson(ws1, copilotSession('sess-log', T0, [{ prompt: 'OLD JSON COPY', answer: ['old'], timestamp: T0 }]));
  // Empty session: not listed
  writeSessionJson(ws1, copilotSession('sess-empty', T0, []));
  // Corrupt session file
  const corrupt = path.join(ws1, 'chatSessions', 'sess-corrupt.json');
  writeFile(corrupt, '{"version":3,"sessionId":"sess-corrupt","requests":[{"message":');
  // Newer schema version: read best-effort with a warning
  const newer = writeSessionJson(ws1, {
    ...copilotSession('sess-v9', T0 + 7200000, [
      { prompt: 'from the future', answer: ['ok'], timestamp: T0 + 7201000 },
    ]),
    version: 9,
    shinyNewField: { a: 1 },
  });
  await writeStateDb(path.join(ws1, 'state.vscdb'), {
    itemTable: {
      'chat.ChatSessionStore.index': {
        version: 1,
        entries: {
          'sess-log': {
            sessionId: 'sess-log',
            title: 'Build questions',
            lastMessageDate: T0 + 3700000,
            isEmpty: false,
          },
        },
      },
      'interactive.sessions': [
        copilotSession('sess-legacy', T0 - 86400000, [
          { prompt: 'legacy question', answer: ['legacy answer'], timestamp: T0 - 86000000 },
        ]),
      ],
    },
  });

  // Insiders: a window opened on a subfolder of the workspace
  const ins = h.userDir('Code - Insiders');
  const ws2 = writeWorkspaceJson(ins, 'ffff0000ffff0000ffff0000ffff0000', h.wsSub);
  writeSessionJson(
    ws2,
    copilotSession('sess-sub', T0 + 10, [{ prompt: 'subfolder work', answer: ['ok'], timestamp: T0 + 20 }]),
  );
  // Multi-root .code-workspace that lists the workspace folder
  const cw = path.join(h.root, 'multi.code-workspace');
  writeFile(
    cw,
    `{
    // comment
    "folders": [ { "path": "work/other-app" }, { "path": "work/my-app" }, ],
  }`,
  );
  const ws3 = workspaceStorageDir(code, '0123456789abcdef0123456789abcdef');
  writeJson(path.join(ws3, 'workspace.json'), { workspace: fileUri(cw) });
  writeSessionJson(
    ws3,
    copilotSession('sess-multi', T0 + 30, [{ prompt: 'multi-root', answer: ['ok'], timestamp: T0 + 40 }]),
  );

  // Other workspaces and the prefix trap
  const o1 = writeWorkspaceJson(code, '99999999999999999999999999999999', h.other);
  writeSessionJson(o1, copilotSession('sess-other', T0, [{ prompt: 'other', answer: ['x'], timestamp: T0 }]));
  const o2 = writeWorkspaceJson(code, '88888888888888888888888888888888', h.prefixTrap);
  writeSessionJson(o2, copilotSession('sess-trap', T0, [{ prompt: 'trap', answer: ['x'], timestamp: T0 }]));
  // Broken workspace.json
  const brokenWs = path.join(workspaceStorageDir(code, '77777777777777777777777777777777'), 'workspace.json');
  writeFile(brokenWs, '{"folder": ');
  return { h, jsonFile, logFile, corrupt, newer, brokenWs };
}

test('Copilot: JSON and JSONL sessions of this workspace only, with counts, titles, models and times', async () => {
  const { h, jsonFile, logFile, corrupt, newer, brokenWs } = await setup();
  try {
    const r = await findSessions({
      workspaceFolder: h.ws,
      home: h.home,
      env: {},
      platform: 'linux',
      tools: ['copilot'],
    });
    assert.deepEqual(r.sessions.map((s) => s.id).sort(), [
      'sess-json',
      'sess-legacy',
      'sess-log',
      'sess-multi',
      'sess-sub',
      'sess-v9',
    ]);

    const j = r.sessions.find((s) => s.id === 'sess-json')!;
    assert.equal(j.title, 'Add retry to fetch');
    assert.equal(countMessages(j), 4);
    assert.equal(j.messages[1].text, "I'll wrap the call in a retry loop.\n\nDone: `fetchUser` now retries 3 times.");
    assert.equal(j.messages[1].thinking, 'Need exponential backoff.');
    assert.deepEqual(
      j.messages[1].toolCalls.map((c) => [c.name, c.output]),
      [['replace_string_in_file', 'Edited src/api.ts']],
    );
    assert.match(j.messages[1].toolCalls[0].input, /"filePath":"src\/api.ts"/);
    assert.deepEqual(j.models, ['claude-sonnet-4', 'gpt-4.1']);
    assert.equal(j.startedAt, new Date(T0).toISOString());
    assert.equal(j.updatedAt, new Date(T0 + 65000).toISOString());
    assert.deepEqual(j.sources, [jsonFile]);

    const log = r.sessions.find((s) => s.id === 'sess-log')!;
    assert.equal(log.title, 'Build questions');
    assert.deepEqual(
      log.messages.map((m) => m.text),
      ['explain the build', 'It uses esbuild.', 'how do I run it?', 'Run `npm run build`.'],
    );
    assert.deepEqual(log.sources, [logFile]);

    assert.equal(r.sessions.find((s) => s.id === 'sess-legacy')!.title, 'legacy question');
    assert.equal(r.sessions.find((s) => s.id === 'sess-sub')!.workspaceFolder, h.wsSub);
    assert.equal(r.sessions.find((s) => s.id === 'sess-multi')!.workspaceFolder, h.ws);

    const msgs = (f: string) =>
      r.warnings
        .filter((w) => w.file === f)
        .map((w) => w.message)
        .join('\n');
    assert.match(msgs(corrupt), /not valid JSON/);
    assert.match(msgs(logFile), /truncated last line/);
    assert.match(msgs(logFile), /1 operation/);
    assert.match(msgs(newer), /version 9 is newer/);
    assert.match(msgs(brokenWs), /workspace\.json/);
    assert.equal(msgs(jsonFile), '');

    const md = sessionToMarkdown(j);
    assert.ok(!md.includes(FAKE_SECRETS.github));
    assert.match(md, /^# Add retry to fetch\n/);
    assert.match(md, /\| Tool \| GitHub Copilot Chat \|/);
    assert.match(
      exportFileName(j),
      /^agent-chats\/copilot\/2026-02-10-add-retry-with-backoff-to-fetchuser-token-[a-z-]*[0-9a-f]{8}\.md$/,
    );
  } finally {
    h.cleanup();
  }
});

test('Copilot: the operation log honours truncation index, delete and string kinds', () => {
  const { state, skipped } = replayOperationLog([
    { kind: 0, v: { requests: [], meta: { a: 1, b: 2 } } },
    { kind: 2, k: ['requests'], v: [{ n: 1 }, { n: 2 }, { n: 3 }] },
    { kind: '2', k: ['requests'], v: [{ n: 4 }], i: 1 },
    { kind: 1, k: ['requests', 1, 'done'], v: true },
    { kind: 3, k: ['meta', 'a'] },
    { kind: 1, k: ['deep', 'new', 'path'], v: 'x' },
    { kind: 9 },
  ]);
  assert.deepEqual(state, { requests: [{ n: 1 }, { n: 4, done: true }], meta: { b: 2 }, deep: { new: { path: 'x' } } });
  assert.equal(skipped, 1);
});
