// chats list / capture of the readers added for issue 15 (Copilot CLI, Zed with a zstd row, aider, Amp, Kiro,
// Continue, Zoo Code), through the CLI against the sandbox: exact sessions, no secret anywhere in Notion or the
// exports, an unchanged second capture, and a grown session appending only its new turn.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, readTree } from './helpers';
import { FAKE_SECRETS, fileUri, makeTempHome, writeFile as writeFixture } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { writeCopilotCliSession, type CopilotCliSpec } from '../fixtures/chats/copilot-cli';
import { writeAmpThread, writeZedDb } from '../fixtures/chats/more-agents';
import { blocksToPlainText } from '../../src/core/content';

const TOOLS = ['--tool', 'copilot-cli', '--tool', 'zed', '--tool', 'aider', '--tool', 'amp'];
const SECRET = FAKE_SECRETS.anthropic;

describe('chats of Copilot CLI, Zed, aider and Amp against the sandbox', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string>;
  let copilot: CopilotCliSpec;

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    copilot = {
      id: 'c0c0c0c0-0000-4000-8000-000000000001',
      cwd: home.ws,
      start: '2026-03-02T10:00:00.000Z',
      model: 'gpt-5.1',
      turns: [{ user: `deploy it, the key is ${SECRET}` }, { assistant: 'Deployed.' }],
    };
    writeCopilotCliSession(home.home, copilot);
    writeCopilotCliSession(home.home, {
      id: 'c0c0c0c0-0000-4000-8000-000000000002',
      cwd: home.other,
      start: '2026-03-02T10:00:00.000Z',
      turns: [{ user: 'not ours' }, { assistant: 'no' }],
    });
    await writeZedDb(join(home.home, '.local', 'share', 'zed', 'threads', 'threads.db'), [
      {
        id: 'zed-1',
        summary: `Rotate ${SECRET}`,
        updatedAt: '2026-06-01T10:05:00Z',
        createdAt: '2026-06-01T10:00:00Z',
        folderPaths: home.ws,
        dataType: 'zstd',
        payload: {
          version: '0.3.0',
          title: `Rotate ${SECRET}`,
          model: { provider: 'zed.dev', model: 'claude-sonnet-4-5' },
          messages: [
            { User: { id: 'u1', content: [{ Text: `rotate ${SECRET}` }] } },
            { Agent: { content: [{ Text: 'Rotated.' }], tool_results: {} } },
          ],
        },
      },
    ]);
    writeFixture(
      join(home.ws, '.aider.chat.history.md'),
      `# aider chat started at 2026-01-05 14:00:00\n\n> Main model: gpt-4o with diff edit format\n\n#### use ${SECRET}\n\nDone.\n`,
    );
    writeAmpThread(join(home.home, '.local', 'share', 'amp', 'threads'), {
      id: 'T-amp-1',
      created: Date.parse('2026-05-01T08:00:00.000Z'),
      treeUri: fileUri(home.wsSub),
      messages: [
        { role: 'user', content: [{ type: 'text', text: `check ${SECRET}` }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Checked.' }], usage: { model: 'claude-opus-4-5' } },
      ],
    });
    env = { HOME: home.home };
    await writeFile(join(home.ws, '.notion-sync.json'), JSON.stringify({ workspaceName: 'chat-ws-2' }));
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test("chats list finds exactly this workspace's sessions; no title carries the key", async () => {
    const r = await h.cli(['chats', 'list', ...TOOLS, '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.json.sessions as Array<{ tool: string; id: string; title: string; messages: number }>;
    assert.deepEqual(rows.map((s) => `${s.tool}:${s.id}:${s.messages}`).sort(), [
      'aider:2026-01-05T14:00:00:2',
      'amp:T-amp-1:2',
      `copilot-cli:${copilot.id}:2`,
      'zed:zed-1:2',
    ]);
    assert.ok(!r.stdout.includes('sk-ant'), r.stdout);
  });

  test('capture exports and pushes every session; the key appears nowhere; a second capture writes nothing', async () => {
    const r = await h.cli(['chats', 'capture', ...TOOLS, '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.captured, 4, JSON.stringify(r.json.sessions));
    const files = (await readdir(join(home.ws, 'agent-chats'), { recursive: true })).filter((f) => f.endsWith('.md'));
    assert.equal(files.length, 4, files.join('\n'));
    for (const f of files) {
      assert.ok(!f.includes('sk-ant'), f);
      assert.ok(!(await readFile(join(home.ws, 'agent-chats', f), 'utf8')).includes('sk-ant'), f);
    }
    assert.ok(!JSON.stringify(h.sandbox.state()).includes('sk-ant'), 'key in Notion');
    h.sandbox.resetStats();
    const again = await h.cli(['chats', 'capture', ...TOOLS, '--json'], { workspace: home.ws, env });
    assert.equal(again.json.unchanged, 4);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('a Copilot CLI session that grows gets only its new turn appended', async () => {
    copilot.turns.push({ user: 'and roll back?' }, { assistant: 'Rolled back to v1.2.' });
    writeCopilotCliSession(home.home, copilot);
    const list = await h.cli(['chats', 'list', ...TOOLS, '--json'], { workspace: home.ws, env });
    const row = list.json.sessions.find((s: { id: string }) => s.id === copilot.id);
    assert.equal(row.messages, 4);
    h.sandbox.resetStats();
    const r = await h.cli(['chats', 'capture', ...TOOLS, '--json'], { workspace: home.ws, env });
    assert.equal(r.json.updated, 1, JSON.stringify(r.json.sessions));
    assert.equal(r.json.unchanged, 3);
    const routes = h.sandbox.stats().byRoute;
    assert.equal(routes['PATCH /v1/blocks/{id}/children'], 1, JSON.stringify(routes));
    assert.equal(routes['DELETE /v1/blocks/{id}'] ?? 0, 0);
    const tree = await readTree(h.client(), row.pageId);
    assert.match(blocksToPlainText(tree), /Rolled back to v1\.2\./);
  });
});
