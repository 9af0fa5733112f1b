// Issue 15 point 4: a key pasted into the first prompt must not leave the machine or be shown through ANY field —
// title (Notion Name, tree label, tooltip, picker, `chats list`), export file name, row properties, markdown body,
// Notion blocks. One planted `sk-ant-…` key per reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CHAT_TOOLS, exportFileName, findSessions, sessionToMarkdown } from '../../src/core/chats/index';
import type { ChatSession } from '../../src/core/chats/index';
import { chatToBlocks } from '../../src/core/chats/to-blocks';
import { everyTool } from '../fixtures/chats/every-tool';
import { FAKE_SECRETS } from '../fixtures/chats/home';

const KEY = FAKE_SECRETS.anthropic;
/** A fragment long enough to be a leak if a cut-off key got through (the title is cut to 80 characters). */
const FRAGMENT = KEY.slice(0, 24);

/** Every string that leaves the machine or is shown for a session. */
function outwardStrings(s: ChatSession): Record<string, string> {
  return {
    title: s.title,
    fileName: exportFileName(s),
    'property Session ID': s.id,
    'property Model': s.models.join(', '),
    markdown: sessionToMarkdown(s),
    blocks: JSON.stringify(chatToBlocks(s)),
    'message models and tool names': JSON.stringify(s.messages.map((m) => [m.model, m.toolCalls.map((c) => c.name)])),
  };
}

test('redaction: a key in the first prompt reaches no outward field, for every reader', async () => {
  const h = await everyTool((tool) => `Deploy ${tool} with ANTHROPIC_API_KEY ${KEY} please, then run the tests`);
  try {
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux' });
    const tools = new Set(r.sessions.map((s) => s.tool));
    // every reader has a fixture line in every-tool.ts (a reader without one fails here)
    assert.deepEqual([...tools].sort(), [...ALL_CHAT_TOOLS].sort(), JSON.stringify(r.warnings));
    // and every Cursor format: IDE composer, JSONL agent transcript, cursor-agent CLI store
    assert.equal(r.sessions.filter((s) => s.tool === 'cursor').length, 3);
    for (const s of r.sessions) {
      for (const [field, value] of Object.entries(outwardStrings(s))) {
        assert.ok(!value.includes(FRAGMENT), `${s.tool}: the key leaks through ${field}: ${value.slice(0, 200)}`);
      }
      assert.match(s.title, /^Deploy \S+ with ANTHROPIC_API_KEY \[REDACTED/, `${s.tool} title: ${s.title}`);
    }
  } finally {
    h.cleanup();
  }
});

test('redaction: a key that the 80-character title cut would split is still redacted', async () => {
  const h = await everyTool((tool) => `${'x'.repeat(40)} ${tool} ${KEY}`);
  try {
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env: {}, platform: 'linux' });
    assert.ok(r.sessions.length >= ALL_CHAT_TOOLS.length);
    for (const s of r.sessions) {
      assert.ok(!s.title.includes('sk-ant'), `${s.tool}: ${s.title}`);
      assert.ok(!exportFileName(s).includes('sk-ant'), `${s.tool}: ${exportFileName(s)}`);
    }
  } finally {
    h.cleanup();
  }
});
