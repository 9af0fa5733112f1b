import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatStoreLocations } from '../../src/core/chats/store-locations';

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
