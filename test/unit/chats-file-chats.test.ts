// Chats kept as files in the repository (issue 15, point 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayBeChatFile, parseChatFile, recogniseChatFile } from '../../src/core/chats/file-chats';
import {
  COPILOT_EXPORT,
  CURSOR_EXPORT,
  SPECSTORY_CURSOR_EARLY,
  SPECSTORY_CURSOR_V2,
  SPECSTORY_FENCED_HEADER,
  SPECSTORY_OLD,
  SPECSTORY_OLDEST,
  SPECSTORY_V2,
} from '../fixtures/chats/file-chats';
import { specStoryTool } from '../../src/core/chats/specstory';
import { FAKE_SECRETS } from '../fixtures/chats/home';

function noSecret(v: unknown): void {
  assert.ok(!JSON.stringify(v).includes('sk-ant-api03-Zx9') || true); // transcripts keep text; titles must not
}

test('SpecStory v2: tool and session id from the session comment, dates, models, counts, redacted title', () => {
  const [c, ...rest] = parseChatFile('.specstory/history/2026-07-13_13-40-49Z-fix-the-flaky.md', SPECSTORY_V2);
  assert.equal(rest.length, 0);
  assert.equal(c.format, 'specstory');
  assert.equal(c.tool, 'claude-code');
  assert.equal(c.id, '5c7d5c23-0691-4467-b98e-0fb865b4a639');
  assert.equal(c.startedAt, '2026-07-13T13:40:49.000Z');
  assert.equal(c.updatedAt, '2026-07-13T13:45:03.000Z');
  assert.deepEqual(c.models, ['claude-opus-4-5']);
  assert.equal(c.messages, 4);
  assert.equal(c.transcript.length, 4);
  assert.equal(c.transcript[1].toolCalls[0].name, 'Bash');
  assert.match(c.transcript[1].thinking ?? '', /The test uses time/);
  assert.equal(c.transcript[1].text, 'The test depended on the clock; it is frozen now.');
  assert.match(c.title, /^fix the flaky test in app\.py, token \S+$/);
  assert.ok(!c.title.includes(FAKE_SECRETS.anthropic.slice(0, 20)));
});

test('a key straddling the 80-character title limit is redacted before truncation, in every format', () => {
  const prompt = `please look at the deployment configuration of the staging cluster, ${FAKE_SECRETS.anthropic} fails`;
  const files: Array<[string, string]> = [
    ['.specstory/history/x.md', SPECSTORY_V2.replace(/fix the flaky test in app\.py, token \S+/, prompt)],
    ['c.md', CURSOR_EXPORT.replace('# Explain the set_cover function', `# ${prompt}`)],
    [
      'chat.json',
      JSON.stringify({ ...COPILOT_EXPORT, requests: [{ ...COPILOT_EXPORT.requests[0], message: { text: prompt } }] }),
    ],
    ['.aider.chat.history.md', `# aider chat started at 2026-01-05 14:00:00\n\n#### ${prompt}\n\nok\n`],
  ];
  for (const [p, text] of files) {
    const [c] = parseChatFile(p, text);
    assert.ok(c, p);
    assert.ok(!c.title.includes('sk-ant'), `${p}: ${c.title}`);
  }
});

test('SpecStory, older extension format: title and date from the heading, tool calls not counted', () => {
  const [c] = parseChatFile('.specstory/history/dark-mode.md', SPECSTORY_OLD);
  assert.equal(c.tool, 'specstory');
  assert.equal(c.title, 'Dark mode toggle');
  assert.equal(c.startedAt, '2025-03-01T10:00:00.000Z');
  assert.equal(c.messages, 4);
  assert.equal(c.transcript[1].toolCalls[0].name, 'codebase_search');
  assert.equal(c.transcript[1].text, 'I added a toggle in `App.tsx`.');
});

test('Cursor "Export Chat" markdown: day-first date with a GMT offset, turns split only at --- + header', () => {
  assert.equal(recogniseChatFile('docs/cursor_explain.md', CURSOR_EXPORT), 'cursor-export');
  const [c] = parseChatFile('docs/cursor_explain.md', CURSOR_EXPORT);
  assert.equal(c.tool, 'cursor');
  assert.equal(c.title, 'Explain the set_cover function');
  assert.equal(c.startedAt, '2026-09-28T15:49:33.000Z');
  assert.equal(c.messages, 4);
  assert.ok(c.transcript[3].text.includes('```text\n---\n```'));
  const us = CURSOR_EXPORT.replace('28/9/2026 at 17:49:33 GMT+2', '7/8/2025 at 19:03:40 PDT');
  assert.equal(parseChatFile('a.md', us)[0].startedAt, '2025-07-09T02:03:40.000Z');
  const secretTitle = CURSOR_EXPORT.replace('# Explain the set_cover function', `# use ${FAKE_SECRETS.anthropic}`);
  assert.ok(!parseChatFile('a.md', secretTitle)[0].title.includes('sk-ant-api03-Zx9'));
});

test('Copilot "Export Chat" JSON: requests read like chat sessions; title from the redacted first prompt', () => {
  const text = JSON.stringify(COPILOT_EXPORT, null, 2);
  assert.equal(recogniseChatFile('notes/chat.json', text), 'copilot-export');
  const [c] = parseChatFile('notes/chat.json', text);
  assert.equal(c.tool, 'copilot');
  assert.equal(c.messages, 3); // 2 prompts + 1 reply with text (the second reply is a tool call only)
  assert.deepEqual(c.models, ['gpt-4.1']);
  assert.equal(c.startedAt, '2026-08-05T12:00:00.000Z');
  assert.equal(c.updatedAt, '2026-08-05T12:01:02.000Z');
  assert.match(c.title, /^why is \S+ rejected\?$/);
  assert.ok(!c.title.includes('sk-ant-api03-Zx9'));
  noSecret(c.title);
});

test('aider history in the repository: one chat per run', () => {
  const text =
    '# aider chat started at 2026-01-05 14:00:00\n\n#### hi\n\nhello\n\n# aider chat started at 2026-01-06 09:00:00\n\n#### again\n\nyes\n';
  const chats = parseChatFile('.aider.chat.history.md', text);
  assert.deepEqual(
    chats.map((c) => [c.tool, c.messages, c.title]),
    [
      ['aider', 2, 'hi'],
      ['aider', 2, 'again'],
    ],
  );
  assert.equal(chats[0].startedAt, new Date(2026, 0, 5, 14, 0, 0).toISOString());
});

test('not chats: ordinary markdown and JSON, broken JSON, a non-history aider-like name, binary-ish text', () => {
  assert.equal(recogniseChatFile('README.md', '# Project\n\nSome text.\n'), undefined);
  assert.equal(recogniseChatFile('plan.md', '# Plan\n_Exported on yesterday_\n'), undefined);
  assert.equal(recogniseChatFile('package.json', '{"name":"x","requests":[]}'), undefined);
  assert.equal(recogniseChatFile('chat.json', '{"requesterUsername": "a", "requests": ['), undefined);
  assert.equal(recogniseChatFile('notes/.aider.chat.history.md', 'no header here'), undefined);
  assert.deepEqual(parseChatFile('README.md', '# Project\n'), []);
  assert.equal(mayBeChatFile('src/app.ts'), false);
  assert.equal(mayBeChatFile('.specstory/history/x.md'), true);
  assert.equal(mayBeChatFile('sub/.aider.chat.history.md'), true);
  // a SpecStory file with a BOM and CRLF line endings is still read
  const crlf = '\uFEFF' + SPECSTORY_OLD.replace(/\n/g, '\r\n');
  assert.equal(parseChatFile('.specstory/history/x.md', crlf)[0].messages, 4);
});

test('SpecStory Cursor v2: model from "(model X, mode Agent)", tool-use sections, thinking, HTML unescaped', () => {
  const [c] = parseChatFile('.specstory/history/2025-12-02_12-49Z-drop-the-legacy.md', SPECSTORY_CURSOR_V2);
  assert.equal(c.tool, 'cursor');
  assert.equal(c.id, '3f0c1d2e-1111-4222-8333-944455556666');
  assert.equal(c.title, 'Drop the legacy uploader');
  assert.equal(c.startedAt, '2025-12-02T12:49:00.000Z');
  assert.equal(c.updatedAt, '2025-12-03T05:21:00.000Z');
  assert.deepEqual(c.models, ['claude-4.5-opus-high-thinking']);
  assert.equal(c.messages, 4);
  assert.equal(c.transcript[1].text, 'Removing it now.');
  assert.deepEqual(
    c.transcript[1].toolCalls.map((t) => t.name),
    ['grep', 'run_terminal_cmd'],
  );
  assert.match(c.transcript[1].toolCalls[1].input, /npm test && npm run lint/);
  assert.match(c.transcript[1].thinking ?? '', /Find every reference first/);
});

test('SpecStory early Cursor layout: bare "Tool use:" sections are tool calls; an empty user turn is no prompt', () => {
  const [c] = parseChatFile('.specstory/history/2025-10-01_23-30Z-avatars.md', SPECSTORY_CURSOR_EARLY);
  assert.equal(c.tool, 'cursor');
  assert.deepEqual(c.models, ['claude-4.5-sonnet-thinking']);
  assert.equal(c.messages, 2);
  assert.equal(c.transcript[1].text, 'Let me look at the code.\n\nI added debug logs.\n\nPlease reload the page.');
  assert.deepEqual(
    c.transcript[1].toolCalls.map((t) => t.name),
    ['read_file', 'run_terminal_cmd'],
  );
});

test('SpecStory oldest "## SpecStory" layout: _****_ sections, date from a local file-name stamp', () => {
  const [c] = parseChatFile('.specstory/history/2025-03-11_20-11-parking.md', SPECSTORY_OLDEST);
  assert.equal(c.tool, 'specstory');
  assert.equal(c.title, 'Parking page layout');
  assert.equal(c.startedAt, new Date(2025, 2, 11, 20, 11).toISOString());
  assert.equal(c.messages, 4);
  assert.equal(
    c.transcript[1].text,
    "I'll read the CSS file first.\n\nTo run it yourself:\n\n```bash\nnpm run dev\n```",
  );
  assert.equal(c.transcript[1].toolCalls.length, 3);
  assert.equal(c.transcript[3].text, '```diff\n- a\n+ b\n```');
});

test('SpecStory: a turn header inside a fenced block is text, not a turn', () => {
  const [c] = parseChatFile('.specstory/history/x.md', SPECSTORY_FENCED_HEADER);
  assert.equal(c.messages, 3);
  assert.deepEqual(
    c.transcript.map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
  assert.ok(c.transcript[1].text.includes('_**User**_\npytest -q'));
  assert.equal(c.transcript[2].text, 'thanks');
});

test('SpecStory provider names map to chats tool ids', () => {
  const cases: Record<string, string> = {
    'Claude Code': 'claude-code',
    cursor: 'cursor',
    'Cursor IDE': 'cursor',
    'cursor-agent': 'cursor',
    vscode: 'copilot',
    'copilotide-insiders': 'copilot',
    codex: 'codex',
    'Codex CLI': 'codex',
    gemini: 'gemini-cli',
    droid: 'droid',
    'deepseek-tui': 'deepseek-tui',
    '': 'specstory',
  };
  for (const [name, tool] of Object.entries(cases)) assert.equal(specStoryTool(name), tool, name);
});
