// One session, one row (issue 15, point 3): which chat kept as a file is the same session as one read from a store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChatFile } from '../../src/core/chats/file-chats';
import { promptFingerprint, sameChat, sessionIdentity } from '../../src/core/chats/chat-identity';
import { sessionToMarkdown } from '../../src/core/chats';
import type { ChatSession } from '../../src/core/chats';
import { capturedExports, fileChatIdentity, setAsideCapturedChatFiles } from '../../src/core/sync/file-chat-row';
import { parseAiderHistory } from '../../src/core/chats/aider';
import { CURSOR_EXPORT, SPECSTORY_OLD, SPECSTORY_V2 } from '../fixtures/chats/file-chats';
import { FAKE_SECRETS } from '../fixtures/chats/home';

function session(tool: ChatSession['tool'], id: string, prompt: string, startedAt: string): ChatSession {
  return {
    tool,
    id,
    title: prompt.slice(0, 40),
    workspaceFolder: '/w',
    startedAt,
    updatedAt: startedAt,
    models: [],
    messages: [
      { role: 'user', text: prompt, timestamp: startedAt, toolCalls: [] },
      { role: 'assistant', text: 'ok', toolCalls: [] },
    ],
    sources: [],
  };
}

const ident = (path: string, text: string) => fileChatIdentity(parseChatFile(path, text)[0]!);

test('a SpecStory v2 file is its session by id, whatever the prompt', () => {
  const f = ident('.specstory/history/2026-07-13_13-40-49Z-fix-the-flaky.md', SPECSTORY_V2);
  assert.equal(f.id, '5c7d5c23-0691-4467-b98e-0fb865b4a639');
  assert.ok(sameChat(f, sessionIdentity(session('claude-code', f.id!, 'something else', '2026-07-13T13:40:49Z'))));
  assert.ok(!sameChat(f, sessionIdentity(session('claude-code', 'another-id', 'x', '2026-07-13T13:40:49Z'))));
  assert.ok(!sameChat(f, sessionIdentity(session('codex', f.id!, 'x', '2026-07-13T13:40:49Z'))), 'other tool');
});

test('a Cursor "Export Chat" (no id, an export time) is its session by tool and first prompt, secrets and spacing aside', () => {
  const f = ident('chats/set-cover.md', CURSOR_EXPORT);
  assert.equal(f.id, undefined);
  assert.equal(f.started, undefined, 'the export time is not the start');
  const prompt = `Explain what set_cover does,\n  key ${FAKE_SECRETS.anthropic}`;
  assert.ok(sameChat(f, sessionIdentity(session('cursor', 'composer-1', prompt, '2026-01-01T00:00:00Z'))));
  assert.ok(!sameChat(f, sessionIdentity(session('cursor', 'composer-2', 'Explain what sort does', '2026-01-01Z'))));
  assert.ok(!sameChat(f, sessionIdentity(session('copilot', 'c', prompt, '2026-01-01T00:00:00Z'))), 'other tool');
});

test('an older SpecStory file (no session comment) needs the same first prompt and a start within two minutes', () => {
  const f = ident('.specstory/history/2025-03-01_10-00Z-dark-mode.md', SPECSTORY_OLD);
  assert.equal(f.id, undefined);
  assert.equal(f.started, '2025-03-01T10:00:00.000Z');
  assert.equal(f.tool, 'specstory', 'the older layout does not name its agent');
  assert.ok(sameChat(f, sessionIdentity(session('cursor', 'c1', 'add a dark mode toggle', '2025-03-01T10:01:10Z'))));
  assert.ok(
    !sameChat(
      { ...f, started: undefined },
      sessionIdentity(session('cursor', 'c1', 'add a dark mode toggle', '2025-03-01T10:01:10Z')),
    ),
    'an unknown agent needs both starts',
  );
  assert.ok(!sameChat(f, sessionIdentity(session('cursor', 'c2', 'add a dark mode toggle', '2025-03-02T10:00:00Z'))));
});

test('the first prompt of an export is read back from its markdown: the redacted export matches the raw store', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ident-'));
  try {
    const raw = session(
      'cursor',
      'composer-9',
      `Explain what set_cover does, key ${FAKE_SECRETS.anthropic}`,
      '2026-02-02T10:00:00Z',
    );
    raw.messages.push({ role: 'user', text: 'second prompt', toolCalls: [] });
    mkdirSync(join(root, 'agent-chats', 'cursor'), { recursive: true });
    const md = sessionToMarkdown(raw);
    assert.ok(!md.includes(FAKE_SECRETS.anthropic));
    writeFileSync(join(root, 'agent-chats', 'cursor', 'x.md'), md);
    const found = await capturedExports(root);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.identity.id, 'composer-9');
    assert.equal(found[0]!.identity.tool, 'cursor');
    assert.equal(found[0]!.identity.prompt, promptFingerprint(raw.messages[0]!.text));
    // the Cursor export of the same chat names no id: matched by its first prompt
    assert.ok(sameChat(ident('chats/set-cover.md', CURSOR_EXPORT), found[0]!.identity));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('sync sets aside an aider history once one of its runs is captured; an uncaptured chat file stays', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aside-'));
  try {
    const history = [
      '# aider chat started at 2026-01-05 14:00:00',
      '',
      '#### add a health check',
      '',
      'Added.',
      '',
      '# aider chat started at 2026-01-06 09:00:00',
      '',
      '#### and log it',
      '',
      'Logged.',
      '',
    ].join('\n');
    writeFileSync(join(root, '.aider.chat.history.md'), history);
    mkdirSync(join(root, 'chats'));
    writeFileSync(join(root, 'chats', 'set-cover.md'), CURSOR_EXPORT);
    const item = (path: string) => ({
      category: 'agentChats',
      path,
      absPath: join(root, path),
      kind: 'markdown' as const,
      size: 1,
      mtimeMs: 0,
      hash: `h-${path}`,
    });
    const inventory = () => ({
      items: [item('.aider.chat.history.md'), item('chats/set-cover.md')],
      skipped: [] as Array<{ category: string; path: string; reason: string; code: 'captured' }>,
      triggers: { inbox: 0, processed: 0, failed: 0, staleInbox: 0, files: [] },
      scannedFiles: 2,
      notFound: [],
    });
    const none = inventory();
    await setAsideCapturedChatFiles(root, none as never);
    assert.equal(none.items.length, 2, 'set aside with nothing captured');

    // capture exported the second run only (the aider reader reads the same file: same id)
    const [, second] = parseAiderHistory(history, join(root, '.aider.chat.history.md'), root);
    mkdirSync(join(root, 'agent-chats', 'aider'), { recursive: true });
    writeFileSync(join(root, 'agent-chats', 'aider', 'x.md'), sessionToMarkdown(second!));
    const inv = inventory();
    await setAsideCapturedChatFiles(root, inv as never);
    assert.deepEqual(
      inv.items.map((i) => i.path),
      ['chats/set-cover.md'],
    );
    assert.equal(inv.skipped[0]!.path, '.aider.chat.history.md');
    assert.match(inv.skipped[0]!.reason, /captured from its tool's store as agent-chats\/aider\/x\.md/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
