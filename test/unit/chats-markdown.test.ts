import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balanceFences, fence, slugify, truncateMiddle } from '../../src/core/chats/markdown';
import { type ChatSession, countMessages, exportFileName, sessionToMarkdown } from '../../src/core/chats/index';
import { FAKE_SECRETS } from '../fixtures/chats/home';

function session(over: Partial<ChatSession> = {}): ChatSession {
  return {
    tool: 'claude-code',
    id: 'e317d7b9-1111-4222-8333-944455556666',
    title: 'Speed up the parser',
    workspaceFolder: '/home/ana/app',
    startedAt: '2026-01-16T16:48:38.123Z',
    updatedAt: '2026-01-16T17:02:00.000Z',
    models: ['claude-opus-4-5-20251101'],
    sources: ['/home/ana/.claude/projects/-home-ana-app/e317d7b9.jsonl'],
    messages: [
      { role: 'user', text: 'Speed up the parser', timestamp: '2026-01-16T16:48:38.123Z', toolCalls: [] },
      {
        role: 'assistant',
        text: 'Here is the fix:\n\n```ts\nconst cache = new Map();',
        timestamp: '2026-01-16T16:48:43.000Z',
        model: 'claude-opus-4-5-20251101',
        thinking: 'The tokenizer runs twice.',
        toolCalls: [
          { name: 'Bash', input: '{"command":"npm run bench"}', output: 'x'.repeat(10000) },
          { name: 'Write', input: '{"file_path":"notes.md","content":"has ``` fences ````"}', output: 'ok' },
          { name: 'Edit', input: '{"file_path":"a.ts"}', output: 'permission denied', isError: true },
        ],
      },
      { role: 'assistant', text: '', toolCalls: [{ name: 'Read', input: '{"file_path":"b.ts"}' }] },
      { role: 'user', text: 'thanks', toolCalls: [] },
    ],
    ...over,
  };
}

test('countMessages: user prompts + assistant replies with text; tool-only replies, tool calls and thinking are not counted', () => {
  assert.equal(countMessages(session()), 3);
  assert.equal(countMessages(session({ messages: [] })), 0);
});

test('sessionToMarkdown: title, metadata table, numbered turns, folded tools and thinking, deterministic', () => {
  const md = sessionToMarkdown(session());
  assert.equal(md, sessionToMarkdown(session()));
  assert.ok(
    md.startsWith(
      '# Speed up the parser\n\n| Field | Value |\n| --- | --- |\n| Tool | Claude Code |\n| Session ID | `e317d7b9-1111-4222-8333-944455556666` |\n',
    ),
  );
  for (const row of [
    '| Models | claude-opus-4-5-20251101 |',
    '| Started | 2026-01-16 16:48:38 UTC |',
    '| Updated | 2026-01-16 17:02:00 UTC |',
    '| Messages | 3 |',
    '| Workspace | `/home/ana/app` |',
  ]) {
    assert.ok(md.includes(row), row);
  }
  assert.deepEqual(md.match(/^## .*$/gm), ['## 1. User', '## 1. Assistant', '## 1. Assistant', '## 2. User']);
  assert.match(md, /_claude-opus-4-5-20251101 · 2026-01-16 16:48:43 UTC_/);
  assert.match(md, /<details><summary>Thinking<\/summary>\n\nThe tokenizer runs twice\.\n\n<\/details>/);
  // the unclosed fence in the reply is closed before the tool blocks
  assert.match(md, /const cache = new Map\(\);\n```\n\n<details><summary>Tool: Bash/);
  // long output truncated with a marker; input containing backticks gets a longer fence
  assert.match(md, /… \[\d+ characters omitted\] …/);
  assert.ok(!md.includes('x'.repeat(4001)));
  assert.match(md, /`````json\n\{"file_path":"notes.md"/);
  assert.match(
    md,
    /<summary>Tool: Edit — <code>a\.ts<\/code> \(error\)<\/summary>\n\n```json\n\{"file_path":"a.ts"\}\n```\n\nError:\n\n```text\npermission denied\n```/,
  );
  assert.ok(md.endsWith('</details>\n\n## 2. User\n\nthanks\n'));
});

test('sessionToMarkdown redacts secrets everywhere, also across truncation', () => {
  const secretOut = 'y'.repeat(3195) + ` ${FAKE_SECRETS.github} ` + 'z'.repeat(3000);
  const s = session({
    title: `deploy with ${FAKE_SECRETS.github}`,
    messages: [
      { role: 'user', text: `my key is ${FAKE_SECRETS.anthropic}`, toolCalls: [] },
      {
        role: 'assistant',
        text: `export GITHUB_TOKEN=${FAKE_SECRETS.github}`,
        thinking: `the user pasted ${FAKE_SECRETS.anthropic}`,
        toolCalls: [
          {
            name: 'Bash',
            input: JSON.stringify({ command: `curl -H "Authorization: Bearer ${FAKE_SECRETS.github}" x` }),
            output: secretOut,
          },
        ],
      },
    ],
  });
  const md = sessionToMarkdown(s);
  for (const secret of Object.values(FAKE_SECRETS)) {
    assert.ok(!md.includes(secret), `leaked ${secret.slice(0, 8)}`);
    assert.ok(!md.includes(secret.slice(4, 20)), `partially leaked ${secret.slice(0, 8)}`);
  }
  assert.match(md, /^# deploy with \[REDACTED:[a-z-]+\]/);
  assert.ok(!exportFileName(s).includes(FAKE_SECRETS.anthropic.slice(0, 10).toLowerCase()));
});

test('exportFileName: agent-chats/<tool>/<date>-<slug>-<shortid>.md, stable, distinct per session', () => {
  const s = session();
  const name = exportFileName(s);
  assert.match(name, /^agent-chats\/claude-code\/2026-01-16-speed-up-the-parser-[0-9a-f]{8}\.md$/);
  assert.equal(exportFileName({ ...s, title: 'Renamed later', updatedAt: '2027-01-01T00:00:00.000Z' }), name);
  assert.notEqual(
    exportFileName({ ...s, id: 'e317d7b9-1111-4222-8333-944455556667' }),
    name,
    'ids sharing a prefix still differ',
  );
  assert.notEqual(exportFileName({ ...s, tool: 'cursor' }).split('/')[1], 'claude-code');
  assert.equal(
    exportFileName({ ...s, messages: [], title: 'Ünïcödé — Tëst!' })
      .split('/')[2]
      .replace(/-[0-9a-f]{8}\.md$/, ''),
    '2026-01-16-unicode-test',
  );
  assert.match(exportFileName({ ...s, messages: [], title: '日本語' }), /\/2026-01-16-chat-[0-9a-f]{8}\.md$/);
});

test('helpers: slugify, fence, truncateMiddle, balanceFences', () => {
  assert.equal(slugify('  Fix: the *flaky* login.spec.ts  '), 'fix-the-flaky-login-spec-ts');
  assert.ok(slugify('word '.repeat(40)).length <= 48);
  assert.ok(!slugify('word '.repeat(40)).endsWith('-'));
  assert.equal(fence('a ``` b', 'text'), '````text\na ``` b\n````');
  assert.equal(truncateMiddle('abc', 10), 'abc');
  const t = truncateMiddle('a'.repeat(100) + 'b'.repeat(100), 50);
  assert.ok(t.startsWith('a'.repeat(40)) && t.endsWith('b'.repeat(10)) && t.includes('[150 characters omitted]'));
  assert.equal(balanceFences('```js\ncode'), '```js\ncode\n```');
  assert.equal(balanceFences('```\nclosed\n```'), '```\nclosed\n```');
  assert.equal(balanceFences('~~~~\nx\n~~~'), '~~~~\nx\n~~~\n~~~~');
});
