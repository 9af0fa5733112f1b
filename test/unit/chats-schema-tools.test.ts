import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CHAT_TOOLS } from '../../src/core/chats/types';
import { SCHEMAS } from '../../src/core/notion/schema';

test('the Agent Chats "Tool" select offers every tool id the readers produce', () => {
  const options = SCHEMAS.agentChats.properties['Tool']?.options ?? [];
  assert.deepEqual([...options].sort(), [...ALL_CHAT_TOOLS].sort());
});
