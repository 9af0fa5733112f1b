// Issue 15, point 3: a session kept in the repository as a file (a SpecStory export, which names the session id; a
// Copilot "Export Chat" JSON, which does not — matched by tool, first prompt and start) and also captured from the
// tool's own store makes ONE row, in both orders: file synced first then store captured (capture adopts the file's
// row, re-keyed to its export), and store captured first then the file found (sync sets the file aside).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness } from './helpers';
import { makeTempHome, FAKE_SECRETS } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { copilotSession, writeSessionJson, writeWorkspaceJson } from '../fixtures/chats/copilot';
import { COPILOT_EXPORT, SPECSTORY_V2 } from '../fixtures/chats/file-chats';

const IN_SPECSTORY = '5c7d5c23-0691-4467-b98e-0fb865b4a639'; // the SpecStory fixture's session
const COPILOT_ID = 'c0b11070-aaaa-4bbb-8ccc-000000000001';
const SPECSTORY_PATH = '.specstory/history/2026-07-13_13-40-49Z-fix-the-flaky.md';
const COPILOT_PATH = 'chats/copilot-chat.json';

interface Row {
  id: string;
  path: string;
  sessionId: string;
  tool?: string;
  title: string;
  messages?: number;
  started?: string;
}

/** The same two sessions in the tools' stores: Claude Code (as the SpecStory file) and Copilot (as the export). */
function writeStores(home: TempHome): void {
  new ClaudeSessionBuilder(IN_SPECSTORY, home.ws, '2026-07-13T13:40:49.000Z')
    .prompt(`fix the flaky test in app.py, token ${FAKE_SECRETS.anthropic}`)
    .text('The test depended on the clock; it is frozen now.')
    .prompt('thanks')
    .text('You are welcome.')
    .write(join(home.home, '.claude'));
  const dir = writeWorkspaceJson(home.userDir('Code'), 'f00dfeed', home.ws);
  writeSessionJson(
    dir,
    copilotSession(COPILOT_ID, Date.parse('2026-08-05T12:00:00.000Z'), [
      {
        prompt: `why is ${FAKE_SECRETS.anthropic} rejected?`,
        answer: ['It was revoked.'],
        timestamp: Date.parse('2026-08-05T12:00:00.000Z'),
      },
      { prompt: 'rotate it', answer: ['Rotated.'], timestamp: Date.parse('2026-08-05T12:01:00.000Z') },
    ]),
  );
}

async function writeChatFiles(home: TempHome): Promise<void> {
  await mkdir(join(home.ws, '.specstory', 'history'), { recursive: true });
  await writeFile(join(home.ws, SPECSTORY_PATH), SPECSTORY_V2);
  await mkdir(join(home.ws, 'chats'), { recursive: true });
  await writeFile(join(home.ws, COPILOT_PATH), JSON.stringify(COPILOT_EXPORT, null, 2));
}

describe('one row per session, whether it is kept as a file or captured from its store first', () => {
  let h: Harness;
  const homes: TempHome[] = [];

  async function setUp(name: string): Promise<{ home: TempHome; env: Record<string, string>; db: string }> {
    const home = makeTempHome();
    homes.push(home);
    writeStores(home);
    await writeFile(
      join(home.ws, '.notion-sync.json'),
      JSON.stringify({
        workspaceName: name,
        categories: {
          agentChats: {
            include: ['agent-chats/**/*.md', '.specstory/history/**/*.md', 'chats/*.json'],
            capture: ['claude-code', 'copilot'],
          },
        },
      }),
    );
    const env = { HOME: home.home, XDG_CONFIG_HOME: join(home.home, '.config') };
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
    return { home, env, db: init.json.databases.agentChats };
  }

  /** This workspace's rows (the workspaces of this file share the database init finds under the parent page). */
  async function rows(db: string, workspace: string): Promise<Row[]> {
    const client = h.client();
    const d = (await client.databases.retrieve({ database_id: db })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const res = await client.dataSources.query({
      data_source_id: d.data_sources[0]!.id,
      page_size: 100,
      filter: { property: 'Workspace', rich_text: { equals: workspace } },
    });
    /* eslint-disable @typescript-eslint/no-explicit-any -- raw property values */
    const text = (p: any) => ((p?.rich_text ?? p?.title ?? []) as any[]).map((t) => t.plain_text).join('');
    return (res.results as any[]).map((p) => ({
      id: p.id,
      path: text(p.properties.Path),
      sessionId: text(p.properties['Session ID']),
      tool: p.properties.Tool.select?.name,
      title: text(p.properties.Name),
      messages: p.properties.Messages.number ?? undefined,
      started: p.properties.Started.date?.start,
    }));
    /* eslint-enable @typescript-eslint/no-explicit-any */
  }

  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.close();
    for (const home of homes) home.cleanup();
  });

  test('file first: sync makes the files chat rows, capture adopts them (same pages, re-keyed), sync sets the files aside', async () => {
    const ws = 'dedupe-file-first';
    const { home, env, db } = await setUp(ws);
    await writeChatFiles(home);
    const synced = await h.cli(['sync', '--json'], { workspace: home.ws, env });
    assert.equal(synced.code, 0, synced.stderr);
    const before = await rows(db, ws);
    assert.deepEqual(before.map((r) => r.path).sort(), [SPECSTORY_PATH, COPILOT_PATH].sort());
    // the SpecStory file is a chat row of its own: tool, messages, start from the file, no secret in the title
    const spec = before.find((r) => r.path === SPECSTORY_PATH)!;
    assert.deepEqual([spec.tool, spec.sessionId, spec.messages], ['claude-code', IN_SPECSTORY, 4]);
    assert.equal(spec.started?.slice(0, 19), '2026-07-13T13:40:49');
    assert.ok(!spec.title.includes('sk-ant'), spec.title);

    const captured = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(captured.code, 0, captured.stderr);
    assert.equal(captured.json.captured, 0, JSON.stringify(captured.json.sessions));
    assert.equal(captured.json.updated, 2);
    const after = await rows(db, ws);
    assert.equal(after.length, 2, JSON.stringify(after));
    assert.deepEqual(after.map((r) => r.id).sort(), before.map((r) => r.id).sort(), 'the file rows were not adopted');
    const bySession = Object.fromEntries(after.map((r) => [r.sessionId, r]));
    assert.match(bySession[IN_SPECSTORY]!.path, /^agent-chats\/claude-code\//);
    assert.match(bySession[COPILOT_ID]!.path, /^agent-chats\/copilot\//);
    assert.equal(bySession[COPILOT_ID]!.tool, 'copilot');

    const again = await h.cli(['sync', '--json'], { workspace: home.ws, env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.created, 0, JSON.stringify(again.json));
    const skipped = Object.fromEntries(
      (again.json.skipped as Array<{ path: string; reason: string }>).map((s) => [s.path, s.reason]),
    );
    assert.match(String(skipped[SPECSTORY_PATH]), /captured from its tool's store as agent-chats\/claude-code\//);
    assert.match(String(skipped[COPILOT_PATH]), /captured from its tool's store as agent-chats\/copilot\//);
    assert.equal((await rows(db, ws)).length, 2);
  });

  test('store first: capture makes the rows, the files found later are set aside by sync and status', async () => {
    const ws = 'dedupe-store-first';
    const { home, env, db } = await setUp(ws);
    const captured = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(captured.code, 0, captured.stderr);
    assert.equal(captured.json.captured, 2, JSON.stringify(captured.json.sessions));
    await writeChatFiles(home);

    const status = await h.cli(['status', '--json'], { workspace: home.ws, env });
    const states = Object.fromEntries(
      (status.json.items as Array<{ path: string; state: string }>).map((i) => [i.path, i.state]),
    );
    assert.equal(states[SPECSTORY_PATH], 'skipped');
    assert.equal(states[COPILOT_PATH], 'skipped');

    const synced = await h.cli(['sync', '--json'], { workspace: home.ws, env });
    assert.equal(synced.code, 0, synced.stderr);
    assert.equal(synced.json.created, 0, JSON.stringify(synced.json));
    const all = await rows(db, ws);
    assert.equal(all.length, 2, JSON.stringify(all));
    assert.ok(all.every((r) => r.path.startsWith('agent-chats/')));

    const again = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(again.json.unchanged, 2, JSON.stringify(again.json.sessions));
    assert.equal((await rows(db, ws)).length, 2);
  });

  test("a checkout without the exports (a teammate's): a file naming its session id is matched against the rows", async () => {
    const ws = 'dedupe-teammate';
    const { home, env, db } = await setUp(ws);
    const captured = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(captured.json.captured, 2, JSON.stringify(captured.json.sessions));
    await rm(join(home.ws, 'agent-chats'), { recursive: true });
    await mkdir(join(home.ws, '.specstory', 'history'), { recursive: true });
    await writeFile(join(home.ws, SPECSTORY_PATH), SPECSTORY_V2);
    const synced = await h.cli(['sync', '--json'], { workspace: home.ws, env });
    assert.equal(synced.code, 0, synced.stderr);
    assert.equal(synced.json.created, 0, JSON.stringify(synced.json));
    assert.equal((await rows(db, ws)).filter((r) => r.sessionId === IN_SPECSTORY).length, 1);
  });
});
