// Issue 15, point 7 meets an older install: an Agent Chats database made before `Commits` existed (its own parent
// page in the sandbox, created through the real SDK with the older schema). `init` adds the missing property — and
// leaves the rows and the other properties alone — and the next capture fills it with the commits made while the
// session ran (a real temporary git repository).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness } from './helpers';
import { makeTempHome } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { SCHEMAS } from '../../src/core/notion/schema';

const SESSION = '44444444-aaaa-4bbb-8ccc-00000000000a';

/** The Agent Chats schema as versions before issue 15 created it: no Commits, Tool options up to kilo. */
const OLDER_SCHEMA = {
  Name: { title: {} },
  Workspace: { rich_text: {} },
  Path: { rich_text: {} },
  Category: { select: {} },
  'Content Hash': { rich_text: {} },
  'Last Synced': { date: {} },
  'Local Modified': { date: {} },
  Tool: {
    select: {
      options: ['claude-code', 'cursor', 'copilot', 'codex', 'cline', 'roo', 'kilo'].map((name) => ({ name })),
    },
  },
  'Session ID': { rich_text: {} },
  Model: { rich_text: {} },
  Messages: { number: {} },
  Started: { date: {} },
};

describe('init completes an Agent Chats database made by an older version', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string>;
  let dbId: string;
  let inside: string;
  let parent: string;

  function git(args: string[], date?: string): string {
    return execFileSync('git', args, {
      cwd: home.ws,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com',
        ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
      },
    });
  }

  async function properties(): Promise<Record<string, { type: string }>> {
    const db = (await h.client().databases.retrieve({ database_id: dbId })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const ds = (await h.client().dataSources.retrieve({ data_source_id: db.data_sources[0]!.id })) as unknown as {
      properties: Record<string, { type: string }>;
    };
    return ds.properties;
  }

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    parent = h.sandbox.seedPage('An older install').id as string;
    const db = await h.client().databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Agent Chats' } }],
      initial_data_source: { properties: OLDER_SCHEMA as never },
    });
    dbId = db.id;
    new ClaudeSessionBuilder(SESSION, home.ws, '2026-06-01T09:00:00.000Z')
      .prompt('Add the retry')
      .text('Added.')
      .write(join(home.home, '.claude'));
    env = { HOME: home.home };
    await writeFile(
      join(home.ws, '.notion-sync.json'),
      JSON.stringify({ workspaceName: 'older-install', categories: { agentChats: { databaseId: dbId } } }),
    );
    git(['init', '-q', '-b', 'main']);
    await writeFile(join(home.ws, 'a.txt'), '1');
    git(['add', 'a.txt']);
    git(['commit', '-q', '-m', 'Add the retry'], '2026-06-01T09:00:01Z');
    inside = git(['rev-parse', '--short', 'HEAD']).trim();
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test('init adds Commits to the existing database, keeping its other properties', async () => {
    assert.equal((await properties())['Commits'], undefined, 'the older schema already has Commits');
    // the other databases do not exist yet: they are made under the same page
    const r = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(r.json.databases.agentChats, dbId, 'a new database was made instead of completing the old one');
    const props = await properties();
    assert.equal(props['Commits']?.type, 'rich_text');
    for (const name of Object.keys(OLDER_SCHEMA)) assert.ok(props[name], `${name} lost`);
    // and every property the current version writes on a chat row
    for (const [name, spec] of Object.entries(SCHEMAS.agentChats.properties))
      assert.equal(props[name]?.type, spec.type, `${name} missing after init`);
  });

  test('capture then fills Commits with the commits made while the session ran', async () => {
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.captured, 1, JSON.stringify(r.json.sessions));
    const db = (await h.client().databases.retrieve({ database_id: dbId })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const res = await h.client().dataSources.query({ data_source_id: db.data_sources[0]!.id });
    /* eslint-disable @typescript-eslint/no-explicit-any -- raw property values */
    const row = (res.results as any[]).find(
      (p) => p.properties['Session ID'].rich_text.map((t: any) => t.plain_text).join('') === SESSION,
    );
    assert.ok(row, 'no row for the session');
    const commits = (row.properties['Commits'].rich_text as any[]).map((t) => t.plain_text).join('');
    /* eslint-enable @typescript-eslint/no-explicit-any */
    assert.equal(commits, `${inside} Add the retry`);
  });
});
