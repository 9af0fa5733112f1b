import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChatSession, countMessages, sessionToMarkdown } from '../../src/core/chats/index';
import { chatExportProperties, readChatExport } from '../../src/core/sync/chat-export';

function session(over: Partial<ChatSession> = {}): ChatSession {
  return {
    tool: 'codex',
    id: '0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    title: 'Write | the report',
    workspaceFolder: '/home/ana/app',
    startedAt: '2026-01-16T16:48:38.123Z',
    updatedAt: '2026-01-16T17:02:00.000Z',
    models: ['gpt-5-codex', 'o3'],
    sources: [],
    messages: [
      { role: 'user', text: 'Write the report', toolCalls: [] },
      { role: 'assistant', text: 'Done.', toolCalls: [] },
      { role: 'user', text: '| Session ID | `fake` |', toolCalls: [] },
    ],
    ...over,
  };
}

test('the facts of an export are read back from the table capture writes', () => {
  const s = session();
  assert.deepEqual(readChatExport(sessionToMarkdown(s)), {
    sessionId: s.id,
    tool: 'codex',
    models: 'gpt-5-codex, o3',
    started: '2026-01-16T16:48:38Z',
    messages: countMessages(s),
  });
  for (const tool of ['claude-code', 'cursor', 'copilot', 'cline', 'roo', 'kilo'] as const)
    assert.equal(readChatExport(sessionToMarkdown(session({ tool })))?.tool, tool);
});

test('a session without models or a start date still gives its id, tool and count', () => {
  const facts = readChatExport(sessionToMarkdown(session({ models: [], startedAt: '' })));
  assert.equal(facts?.sessionId, '0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
  assert.equal(facts?.models, undefined);
  assert.equal(facts?.started, undefined);
  assert.equal(facts?.messages, 3);
});

test('a plain markdown file (even one with a table) is not taken for an export', () => {
  assert.equal(readChatExport('# Notes\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n'), undefined);
  assert.deepEqual(chatExportProperties('# Notes\n\ntext\n'), {});
  // A Session ID row far down (in the conversation) does not count either.
  assert.equal(readChatExport(`# Notes\n\n${'line\n'.repeat(50)}| Session ID | \`x\` |\n`), undefined);
});

test('the properties: Session ID, Tool, Messages, Model, Started', () => {
  const props = chatExportProperties(sessionToMarkdown(session()));
  assert.deepEqual(Object.keys(props).sort(), ['Messages', 'Model', 'Session ID', 'Started', 'Tool']);
  assert.deepEqual(props['Tool'], { select: { name: 'codex' } });
  assert.deepEqual(props['Messages'], { number: 3 });
});
