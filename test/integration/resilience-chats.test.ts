import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness } from './helpers';
import { makeTempHome } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';

const IDS = ['33333333-aaaa-4bbb-8ccc-000000000001', '33333333-aaaa-4bbb-8ccc-000000000002'];

interface ChatRow {
  id: string;
  path: string;
  sessionId: string;
  tool?: string;
  messages?: number;
}

describe('chat capture is resumable: an export never pushed becomes a chat row', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string>;
  let chatsDb: string;

  async function chatRows(): Promise<ChatRow[]> {
    const client = h.client();
    const db = (await client.databases.retrieve({ database_id: chatsDb })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const res = await client.dataSources.query({ data_source_id: db.data_sources[0]!.id, page_size: 100 });
    /* eslint-disable @typescript-eslint/no-explicit-any -- raw property values */
    return (res.results as any[]).map((p) => ({
      id: p.id,
      path: (p.properties.Path.rich_text as any[]).map((t) => t.plain_text).join(''),
      sessionId: (p.properties['Session ID'].rich_text as any[]).map((t) => t.plain_text).join(''),
      tool: p.properties.Tool.select?.name,
      messages: p.properties.Messages.number ?? undefined,
    }));
    /* eslint-enable @typescript-eslint/no-explicit-any */
  }

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    new ClaudeSessionBuilder(IDS[0]!, home.ws)
      .prompt('Plan the capture drill')
      .text('Here is the drill.')
      .prompt('And the rollback?')
      .text('Rollback is step 4.')
      .write(join(home.home, '.claude'));
    env = { HOME: home.home };
    await writeFile(join(home.ws, '.notion-sync.json'), JSON.stringify({ workspaceName: 'resume-ws' }));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
    chatsDb = init.json.databases.agentChats;
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test('capture while Notion is down, then sync: a chat row with Session ID, Tool and Messages', async () => {
    await h.sandbox.setOutage({ mode: '503' });
    const down = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    await h.sandbox.setOutage(null);
    assert.equal(down.json?.captured ?? 0, 0, down.stdout);
    const exported = await readdir(join(home.ws, 'agent-chats', 'claude-code'));
    assert.equal(exported.length, 1, 'the markdown was written');

    const sync = await h.cli(['sync', '--json'], { workspace: home.ws, env });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.json.created, 1);
    const rows = await chatRows();
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { sessionId: rows[0]!.sessionId, tool: rows[0]!.tool, messages: rows[0]!.messages },
      { sessionId: IDS[0], tool: 'claude-code', messages: 4 },
    );

    const capture = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(capture.code, 0, capture.stderr);
    assert.deepEqual([capture.json.captured, capture.json.updated, capture.json.unchanged], [0, 0, 1]);
    const audit = await h.cli(['audit', '--json'], { workspace: home.ws, env });
    assert.equal(audit.json.agentChats.notCaptured, 0, JSON.stringify(audit.json.agentChats));
    assert.equal(audit.json.agentChats.captured, 1);
    assert.equal((await chatRows()).length, 1, 'still one row');
  });

  test('a plain document row an older sync made from an export is completed by the next capture', async () => {
    const [row] = await chatRows();
    // What an older version left: the export pushed as a document, no Session ID, no Tool.
    await h.client().pages.update({
      page_id: row!.id,
      properties: { 'Session ID': { rich_text: [] }, Tool: { select: null }, Messages: { number: null } },
    });
    const capture = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(capture.code, 0, capture.stderr);
    assert.equal(capture.json.updated, 1, JSON.stringify(capture.json.sessions));
    const rows = await chatRows();
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.sessionId, rows[0]!.tool, rows[0]!.messages], [IDS[0], 'claude-code', 4]);
  });

  test('an export written by a capture that could not push is pushed by the next capture', async () => {
    new ClaudeSessionBuilder(IDS[1]!, home.ws, '2026-03-04T10:00:00.000Z')
      .prompt('Second session')
      .text('Answer.')
      .write(join(home.home, '.claude'));
    await h.sandbox.setOutage({ mode: 'refused' });
    await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    await h.sandbox.setOutage(null);
    assert.equal((await readdir(join(home.ws, 'agent-chats', 'claude-code'))).length, 2);
    const capture = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(capture.code, 0, capture.stderr);
    assert.deepEqual([capture.json.captured, capture.json.unchanged], [1, 1]);
    const rows = await chatRows();
    assert.deepEqual(rows.map((r) => r.sessionId).sort(), [...IDS].sort());
  });
});
