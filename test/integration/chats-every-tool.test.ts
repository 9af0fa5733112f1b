// Issue 15 "Done when": `chats list` and `chats capture` through the CLI against the sandbox find exactly this
// workspace's sessions of EVERY reader (one store per tool from test/fixtures/chats/every-tool.ts, plus Cursor's
// JSONL transcript and cursor-agent store), with the message counts, start dates and models of their stores, and
// put those on the rows; a key planted in every first prompt reaches neither the output, the exports nor Notion.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness } from './helpers';
import { everyTool } from '../fixtures/chats/every-tool';
import { FAKE_SECRETS } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ALL_CHAT_TOOLS } from '../../src/core/chats';

const KEY = FAKE_SECRETS.anthropic;

/** Start day and models each fixture wrote into its store (every-tool.ts). */
const EXPECTED: Record<string, { day: string; models: string }> = {
  'claude-code:c1': { day: '2026-01-01', models: 'claude-sonnet-4-5-20250929' },
  'codex:019d0000-0000-7000-8000-000000000001': { day: '2026-01-02', models: 'gpt-5.5' },
  'copilot:cp1': { day: '2026-01-03', models: 'gpt-4.1' },
  'cursor:cu1': { day: '2026-01-04', models: 'claude-4.5-sonnet' },
  'cline:1767571200000': { day: '2026-01-05', models: 'claude-sonnet-4-5' },
  'roo:roo-1': { day: '2026-01-06', models: 'claude-sonnet-4-5' },
  'kilo:kilo-1': { day: '2026-01-07', models: 'claude-sonnet-4-5' },
  'gemini-cli:gem-1': { day: '2026-01-08', models: 'gemini-2.5-pro' },
  'opencode:ses_oc1': { day: '2026-01-09', models: 'claude-sonnet-4-5' },
  'copilot-cli:cc1': { day: '2026-01-10', models: '' },
  'continue:co1': { day: '2026-01-11', models: '' },
  'aider:2026-01-12T00:00:00': { day: '2026-01-12', models: 'anthropic/claude-sonnet-4-5' },
  'kiro:k1': { day: '2026-01-13', models: '' },
  'zed:z1': { day: '2026-01-14', models: 'claude-sonnet-4-5' },
  'amp:T-0001': { day: '2026-01-15', models: '' },
  'zoo-code:zoo1': { day: '2026-01-16', models: 'claude-sonnet-4-5' },
  'cursor:ct1': { day: '2026-01-17', models: '' },
  'cursor:c0ffee00-0000-4000-8000-0000000000e1': { day: '2026-01-18', models: 'gpt-5' },
};

describe('chats list and capture of every reader, through the CLI', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string>;
  let chatsDb: string;

  before(async () => {
    h = await Harness.start();
    home = await everyTool((tool) => `Ship ${tool} now, key ${KEY}`);
    env = { HOME: home.home };
    await writeFile(
      join(home.ws, '.notion-sync.json'),
      JSON.stringify({ workspaceName: 'every-tool', categories: { agentChats: { capture: ALL_CHAT_TOOLS } } }),
    );
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
    chatsDb = init.json.databases.agentChats;
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test('chats list: exactly these sessions, 2 messages each, the start day of each store, no key', async () => {
    const r = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    const got = Object.fromEntries(
      (r.json.sessions as Array<{ tool: string; id: string; startedAt: string; messages: number }>).map((s) => [
        `${s.tool}:${s.id}`,
        `${s.startedAt.slice(0, 10)} ${s.messages}`,
      ]),
    );
    assert.deepEqual(got, Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, `${v.day} 2`])));
    assert.ok(!r.stdout.includes('sk-ant'), 'key in chats list');
  });

  test('chats capture: one row per session with Tool, Messages, Started and Model from its store; no key anywhere', async () => {
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.captured, Object.keys(EXPECTED).length, JSON.stringify(r.json.sessions));
    const db = (await h.client().databases.retrieve({ database_id: chatsDb })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const res = await h.client().dataSources.query({ data_source_id: db.data_sources[0]!.id, page_size: 100 });
    /* eslint-disable @typescript-eslint/no-explicit-any -- raw property values */
    const text = (p: any) => ((p?.rich_text ?? p?.title ?? []) as any[]).map((t) => t.plain_text).join('');
    const rows = Object.fromEntries(
      (res.results as any[]).map((p) => [
        `${p.properties.Tool.select?.name}:${text(p.properties['Session ID'])}`,
        {
          day: String(p.properties.Started.date?.start ?? '').slice(0, 10),
          models: text(p.properties.Model),
          messages: p.properties.Messages.number,
        },
      ]),
    );
    /* eslint-enable @typescript-eslint/no-explicit-any */
    assert.deepEqual(rows, Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, { ...v, messages: 2 }])));
    assert.ok(!JSON.stringify(h.sandbox.state()).includes('sk-ant'), 'key in Notion');
    for (const f of (await readdir(join(home.ws, 'agent-chats'), { recursive: true })).filter((x) =>
      x.endsWith('.md'),
    )) {
      assert.ok(!f.includes('sk-ant'), f);
      assert.ok(!(await readFile(join(home.ws, 'agent-chats', f), 'utf8')).includes('sk-ant'), f);
    }
  });
});
