import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, readTree } from './helpers';
import { makeTempHome, FAKE_SECRETS } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { CodexRolloutBuilder } from '../fixtures/chats/codex';
import { blocksToPlainText } from '../../src/core/content';
import { writeFile } from 'node:fs/promises';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  return out;
}

describe('chats list / capture against the sandbox', () => {
  let h: Harness;
  let home: TempHome;
  let growing: ClaudeSessionBuilder;
  let env: Record<string, string>;

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    const claudeDir = join(home.home, '.claude');
    growing = new ClaudeSessionBuilder('11111111-aaaa-4bbb-8ccc-000000000001', home.ws)
      .prompt('Plan the ingest retry policy')
      .toolUse('toolu_1', 'Read', { file_path: 'plans/retry.md' }, 'Let me look at the plan first.')
      .toolResult('toolu_1', 'the plan text')
      .text(`Here is the policy. Use token ${FAKE_SECRETS.github} carefully.`);
    growing.write(claudeDir);
    new ClaudeSessionBuilder('11111111-aaaa-4bbb-8ccc-000000000002', home.wsSub, '2026-03-03T10:00:00.000Z')
      .prompt('Fix the API tests')
      .text('Done: three tests fixed.')
      .prompt('Thanks')
      .text('You are welcome.')
      .write(claudeDir);
    new ClaudeSessionBuilder('11111111-aaaa-4bbb-8ccc-000000000003', home.other)
      .prompt('Other project')
      .text('Not ours.')
      .write(claudeDir);
    new ClaudeSessionBuilder('11111111-aaaa-4bbb-8ccc-000000000004', home.prefixTrap)
      .prompt('Prefix trap')
      .text('Not ours either.')
      .write(claudeDir);
    new CodexRolloutBuilder('0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', home.ws)
      .turn('gpt-5-codex')
      .prompt('Write the report script', true)
      .write(join(home.home, '.codex'));
    env = { HOME: home.home, CODEX_HOME: join(home.home, '.codex') };
    await writeFile(join(home.ws, '.notion-sync.json'), JSON.stringify({ workspaceName: 'chat-ws' }));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test("chats list finds exactly this workspace's sessions with their message counts", async () => {
    const r = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    const byId = Object.fromEntries(r.json.sessions.map((s: { id: string }) => [s.id, s]));
    assert.deepEqual(
      Object.keys(byId).sort(),
      [
        '0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        '11111111-aaaa-4bbb-8ccc-000000000001',
        '11111111-aaaa-4bbb-8ccc-000000000002',
      ].sort(),
    );
    assert.equal(byId['11111111-aaaa-4bbb-8ccc-000000000001'].messages, 2);
    assert.equal(byId['11111111-aaaa-4bbb-8ccc-000000000002'].messages, 4);
    assert.ok(r.json.sessions.every((s: { captured: boolean }) => s.captured === false));
  });

  test('capture --all creates one row and one markdown file per session; secrets appear nowhere', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.captured, 3);
    const files = await listFiles(join(home.ws, 'agent-chats'));
    assert.equal(files.length, 3, files.join('\n'));
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      assert.ok(!text.includes(FAKE_SECRETS.github), `secret in ${f}`);
    }
    assert.ok(!JSON.stringify(h.sandbox.state()).includes(FAKE_SECRETS.github), 'secret in Notion');
    const list = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    assert.ok(list.json.sessions.every((s: { captured: boolean }) => s.captured));
    // The export files are Agent Chats items: status sees them as synced, not new.
    const st = await h.cli(['status', '--category', 'agentChats', '--json'], { workspace: home.ws, env });
    assert.deepEqual(
      st.json.items.map((i: { state: string }) => i.state),
      ['synced', 'synced', 'synced'],
    );
  });

  test('a second capture writes nothing', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.unchanged, 3);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('new turns in one session update only that one, appending only the new blocks', async () => {
    const claudeDir = join(home.home, '.claude');
    growing.prompt('Now add jitter').text('Added jitter: delay = base * random().').write(claudeDir);
    const before = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    const row = before.json.sessions.find((s: { id: string }) => s.id === growing.sessionId);
    assert.equal(row.messages, 4);
    const blocksBefore = (await readTree(h.client(), row.pageId)).length;

    h.sandbox.resetStats();
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.json.updated, 1, JSON.stringify(r.json.sessions));
    assert.equal(r.json.unchanged, 2);
    const routes = h.sandbox.stats().byRoute;
    // Body: one append of the new turn's blocks; then the row's properties and the execution log row.
    assert.equal(routes['PATCH /v1/blocks/{id}/children'], 1, JSON.stringify(routes));
    assert.equal(routes['DELETE /v1/blocks/{id}'] ?? 0, 0);
    assert.equal(routes['PATCH /v1/blocks/{id}'] ?? 0, 0);
    const tree = await readTree(h.client(), row.pageId);
    assert.ok(tree.length > blocksBefore);
    assert.match(blocksToPlainText(tree), /Added jitter/);
    const after = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    assert.equal(after.json.sessions.find((s: { id: string }) => s.id === growing.sessionId).capturedMessages, 4);
  });

  test('capture without a selection is a usage error', async () => {
    const r = await h.cli(['chats', 'capture'], { workspace: home.ws, env });
    assert.equal(r.code, 2);
    assert.equal((await h.cli(['chats', 'list', '--tool', 'nope'], { workspace: home.ws, env })).code, 2);
  });
});
