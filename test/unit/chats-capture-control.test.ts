// Issue 15, points 6 and 7: which sessions are kept out, redactions by kind, the Commits property text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NO_CAPTURE_MARKER,
  commitsPropertyText,
  excludedBy,
  redactionsByKind,
} from '../../src/core/chats/capture-control';
import type { ChatSession } from '../../src/core/chats';
import { fileChatRow } from '../../src/core/sync/file-chat-row';
import { FAKE_SECRETS } from '../fixtures/chats/home';
import { CURSOR_EXPORT, SPECSTORY_V2 } from '../fixtures/chats/file-chats';

function session(over: Partial<ChatSession> = {}): ChatSession {
  return {
    tool: 'claude-code',
    id: 'abc-123',
    title: 'Fix the build',
    workspaceFolder: '/w',
    startedAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:10:00.000Z',
    models: [],
    messages: [
      { role: 'user', text: 'Fix the build', toolCalls: [] },
      { role: 'assistant', text: 'done', toolCalls: [] },
    ],
    sources: [],
    ...over,
  };
}

test('excludedBy: by exact id, by case-insensitive title glob, by the marker in a prompt; otherwise not', () => {
  assert.equal(excludedBy(session(), ['abc-123']), 'id');
  assert.equal(excludedBy(session(), ['abc-12']), undefined, 'an id is matched exactly');
  assert.equal(excludedBy(session(), ['fix the*']), 'title');
  assert.equal(excludedBy(session(), ['*build']), 'title');
  assert.equal(excludedBy(session(), ['Fix th? build']), 'title');
  assert.equal(excludedBy(session(), ['build']), undefined, 'a glob matches the whole title');
  assert.equal(excludedBy(session({ title: 'a.b (c)' }), ['a.b (c)']), 'title', 'regex characters are literal');
  assert.equal(excludedBy(session({ title: 'axb (c)' }), ['a.b (c)']), undefined);
  assert.equal(excludedBy(session({ title: 'plans/x' }), ['plans*']), 'title', '* crosses slashes in a title');
  const marked = session({
    messages: [...session().messages, { role: 'user', text: `later ${NO_CAPTURE_MARKER} please`, toolCalls: [] }],
  });
  assert.equal(excludedBy(marked), 'marker');
  const inReply = session({ messages: [{ role: 'assistant', text: NO_CAPTURE_MARKER, toolCalls: [] }] });
  assert.equal(excludedBy(inReply), undefined, 'only a prompt carries the marker');
  assert.equal(excludedBy(session(), []), undefined);
});

test('redactionsByKind counts every field that is sent, by kind', () => {
  const s = session({
    title: `key ${FAKE_SECRETS.github}`,
    messages: [
      { role: 'user', text: `use ${FAKE_SECRETS.anthropic}`, toolCalls: [] },
      {
        role: 'assistant',
        text: 'ok',
        thinking: `the token ${FAKE_SECRETS.github}`,
        toolCalls: [{ name: 'Bash', input: `curl -H "x: ${FAKE_SECRETS.github}"`, output: 'fine' }],
      },
    ],
  });
  const counts = redactionsByKind(s);
  assert.equal(counts['github-token'], 3);
  assert.equal(
    Object.values(counts).reduce((a, b) => a + b, 0),
    4,
  );
  assert.deepEqual(redactionsByKind(session()), {});
});

test('commitsPropertyText: short hash + redacted subject per line, within one 2,000-character item', () => {
  const c = (i: number, subject: string) => ({
    hash: `${i}`.padStart(40, 'a'),
    shortHash: `abc${i}`.padEnd(7, '0'),
    date: '2026-03-02T09:00:00.000Z',
    author: 'Dev',
    subject,
  });
  assert.equal(commitsPropertyText([]), '');
  const one = commitsPropertyText([c(1, `Add key ${FAKE_SECRETS.github}`), c(2, 'Second\tline')]);
  assert.match(one, /^abc1000 Add key \[REDACTED:github-token\]\nabc2000 Second line$/);
  const many = Array.from({ length: 300 }, (_, i) => c(i, `Subject number ${i} with some words`));
  const text = commitsPropertyText(many);
  assert.ok(text.length <= 2000, String(text.length));
  assert.match(text, /… and \d+ more$/);
  const shown = text.split('\n').length - 1;
  assert.equal(Number(/and (\d+) more/.exec(text)![1]), 300 - shown);
  const long = commitsPropertyText([c(1, 'x'.repeat(5000))]);
  assert.ok(long.length <= 2000);
});

/* eslint-disable @typescript-eslint/no-explicit-any -- raw property values */
const P = (props: Record<string, unknown>, name: string): any => props[name];
/* eslint-enable @typescript-eslint/no-explicit-any */

test('fileChatRow: SpecStory and Cursor export files make chat properties; other markdown none', () => {
  const spec = fileChatRow('.specstory/history/2026-07-13_13-40-49Z-fix-the-flaky.md', SPECSTORY_V2)!;
  assert.equal(P(spec.properties, 'Tool')?.select?.name, 'claude-code');
  assert.equal(P(spec.properties, 'Messages')?.number, 4);
  assert.equal(P(spec.properties, 'Started')?.date?.start, '2026-07-13T13:40:49.000Z');
  assert.ok(!spec.title.includes('sk-ant'));
  const cursor = fileChatRow('notes/chat.md', CURSOR_EXPORT)!;
  assert.equal(P(cursor.properties, 'Tool')?.select?.name, 'cursor');
  assert.equal(fileChatRow('plans/x.md', '# A plan\n\nText.\n'), undefined);
  const aider = fileChatRow(
    '.aider.chat.history.md',
    '# aider chat started at 2026-01-05 14:00:00\n\n#### one\n\nok\n\n# aider chat started at 2026-01-06 10:00:00\n\n#### two\n\nok\n',
  )!;
  assert.equal(aider.chats.length, 2);
  assert.equal(P(aider.properties, 'Messages')?.number, 4);
  assert.deepEqual(P(aider.properties, 'Session ID')?.rich_text?.[0]?.text?.content, '.aider.chat.history.md');
});
