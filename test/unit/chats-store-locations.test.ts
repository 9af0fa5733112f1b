import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSessions } from '../../src/core/chats/index';
import type { PlatformEnv } from '../../src/core/chats/paths';
import { chatStoreLocations, moreStoreLocations } from '../../src/core/chats/store-locations';
import type { ChatTool } from '../../src/core/chats/types';
import { makeTempHome } from '../fixtures/chats/home';

test('store locations: Gemini CLI, OpenCode and Cursor’s ~/.cursor stores are watched where their readers look', () => {
  const at = (tools: Parameters<typeof chatStoreLocations>[0]['tools'], env: Record<string, string> = {}) =>
    chatStoreLocations({ tools, home: '/h', env, platform: 'linux' }).map((l) => `${l.tool} ${l.dir} ${l.glob}`);
  assert.deepEqual(at(['gemini-cli']), ['gemini-cli /h/.gemini/tmp */chats/session-*.{json,jsonl}']);
  assert.deepEqual(at(['gemini-cli'], { GEMINI_CLI_HOME: '/g' }), [
    'gemini-cli /g/.gemini/tmp */chats/session-*.{json,jsonl}',
  ]);
  assert.deepEqual(at(['opencode'], { XDG_DATA_HOME: '/d' }), [
    'opencode /d/opencode opencode*.db*',
    'opencode /d/opencode/storage {session,message,part}/**/*.json',
  ]);
  const cursor = at(['cursor']);
  assert.ok(cursor.includes('cursor /h/.cursor/projects */agent-transcripts/**/*.jsonl'));
  assert.ok(cursor.includes('cursor /h/.cursor/chats **/store.db*'));
  assert.ok(cursor.includes('cursor /h/.config/Cursor/User/globalStorage state.vscdb*'));
});

// --- chats-b: Copilot CLI, Continue, aider, Kiro, Zed, Amp, Zoo Code ---

const TOOLS: ChatTool[] = ['copilot-cli', 'continue', 'aider', 'kiro', 'zed', 'amp'];

test('linux, macOS and Windows locations, with the environment overrides', () => {
  const linux: PlatformEnv = { home: '/home/a', env: {}, platform: 'linux' };
  const dirs = (tool: ChatTool, e = linux) =>
    moreStoreLocations(tool, e, { workspaceFolder: '/w' }).map((l) => `${l.dir} ${l.glob}`);
  assert.deepEqual(dirs('copilot-cli'), ['/home/a/.copilot/session-state **/*.{jsonl,yaml}']);
  assert.deepEqual(dirs('copilot-cli', { ...linux, env: { COPILOT_HOME: '/x/cp' } }), [
    '/x/cp/session-state **/*.{jsonl,yaml}',
  ]);
  assert.deepEqual(dirs('continue', { ...linux, env: { CONTINUE_GLOBAL_DIR: '/x/c' } }), ['/x/c/sessions *.json']);
  assert.deepEqual(dirs('aider'), ['/w .aider.chat.history.md']);
  assert.equal(dirs('kiro')[0], '/home/a/.config/Kiro/User/globalStorage/kiro.kiroagent/workspace-sessions */*.json');
  assert.deepEqual(dirs('zed'), ['/home/a/.local/share/zed/threads threads.db*']);
  assert.deepEqual(dirs('zed', { ...linux, env: { XDG_DATA_HOME: '/d' } }), ['/d/zed/threads threads.db*']);
  assert.equal(dirs('amp')[0], '/home/a/.local/share/amp/threads *.json');
  assert.ok(dirs('amp').includes('/home/a/.config/Cursor/User/globalStorage/sourcegraph.amp/threads3 *.json'));
  const mac = { home: '/Users/a', env: {}, platform: 'darwin' as const };
  assert.deepEqual(dirs('zed', mac), ['/Users/a/Library/Application Support/Zed/threads threads.db*']);
  assert.equal(
    dirs('kiro', mac)[0],
    '/Users/a/Library/Application Support/Kiro/User/globalStorage/kiro.kiroagent/workspace-sessions */*.json',
  );
  const win = {
    home: 'C:\\Users\\a',
    env: { LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' },
    platform: 'win32' as const,
  };
  assert.deepEqual(dirs('zed', win), ['C:\\Users\\a\\AppData\\Local\\Zed\\threads threads.db*']);
  assert.deepEqual(moreStoreLocations('claude-code', linux), []);
  assert.deepEqual(moreStoreLocations('aider', linux), []);
});

test('every folder a reader searches is a watched folder or inside one', async () => {
  const h = makeTempHome();
  try {
    const env = { XDG_CONFIG_HOME: '', XDG_DATA_HOME: '' };
    const r = await findSessions({ workspaceFolder: h.ws, home: h.home, env, platform: 'linux', tools: TOOLS });
    const e = { home: h.home, env, platform: 'linux' as const };
    for (const tool of TOOLS) {
      const watched = moreStoreLocations(tool, e, { workspaceFolder: h.ws }).map((l) => l.dir);
      const searched = r.searched.filter((s) => s.tool === tool).map((s) => s.path);
      assert.ok(searched.length > 0, tool);
      for (const s of searched)
        assert.ok(
          watched.some((w) => s === w || s.startsWith(w + '/')),
          `${tool}: ${s} not under ${watched.join(', ')}`,
        );
    }
  } finally {
    h.cleanup();
  }
});

test('chatStoreLocations (the editor watcher) includes the new tools, aider only with the workspace folder', () => {
  const base = { home: '/home/a', env: {}, platform: 'linux' as const };
  const all = chatStoreLocations({
    ...base,
    tools: ['claude-code', 'zed', 'aider', 'zoo-code'],
    workspaceFolder: '/w',
  });
  assert.deepEqual(
    all.filter((l) => l.tool !== 'zoo-code').map((l) => `${l.tool} ${l.dir} ${l.glob}`),
    [
      'claude-code /home/a/.claude/projects **/*.jsonl',
      'claude-code /home/a/.config/claude/projects **/*.jsonl',
      'zed /home/a/.local/share/zed/threads threads.db*',
      'aider /w .aider.chat.history.md',
    ],
  );
  assert.ok(
    all.some((l) => l.tool === 'zoo-code' && l.dir.endsWith('/globalStorage/zoocodeorganization.zoo-code/tasks')),
  );
  assert.ok(!chatStoreLocations({ ...base, tools: ['aider'] }).length);
});
