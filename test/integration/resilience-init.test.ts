import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace } from './helpers';

const TITLES = ['Plans', 'Reports', 'Scripts', 'Agent Chats', 'Execution Logs'];

/** Titles of the databases directly under a page (trashed ones aside), one entry per database. */
async function databasesUnder(h: Harness, pageId: string): Promise<string[]> {
  const res = await h.client().blocks.children.list({ block_id: pageId, page_size: 100 });
  return (res.results as Array<{ type: string; in_trash?: boolean; child_database?: { title: string } }>)
    .filter((b) => b.type === 'child_database' && !b.in_trash)
    .map((b) => b.child_database!.title)
    .sort();
}

async function configuredIds(ws: string): Promise<Record<string, string | undefined>> {
  const cfg = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(cfg.categories ?? {})) out[k] = (v as { databaseId?: string }).databaseId;
  out.executionLogs = cfg.executionLogs?.databaseId;
  return out;
}

describe('init can be re-run after any failure and never makes a database twice', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  test('an applied-then-500 and an applied-then-reset create are adopted in the same run', async () => {
    const parent = h.sandbox.seedPage('Init parent (applied)').id as string;
    const ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'init-applied' }) });
    h.sandbox.setFaults(
      'kinds=applied500,methods=POST,routes=/v1/databases,count=2;kinds=appliedReset,methods=POST,routes=/v1/databases,count=1',
    );
    const r = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: ws });
    h.sandbox.setFaults(null);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await databasesUnder(h, parent), [...TITLES].sort());
    assert.equal(h.sandbox.stats().faults.byKind['applied500'], 2);
  });

  test('a run that fails after a create records nothing it cannot prove; the next run adopts the database', async () => {
    const parent = h.sandbox.seedPage('Init parent (lost answer)').id as string;
    const ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'init-lost' }) });
    // The create of Plans is applied, then every read of it fails until the run gives up.
    h.sandbox.setFaults('kinds=503,methods=GET,routes=/v1/databases/{id},count=6');
    const first = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: ws });
    h.sandbox.setFaults(null);
    assert.notEqual(first.code, 0, 'the first run fails');
    assert.deepEqual(await databasesUnder(h, parent), ['Plans'], 'Plans was made before the failure');
    const second = await h.cli(['init', '--json'], { workspace: ws });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(await databasesUnder(h, parent), [...TITLES].sort(), 'one database per category');
    assert.equal(second.json.created.includes('plans'), false, 'Plans was adopted, not created again');
  });

  test('a person’s own database with the same title but another schema is not taken', async () => {
    const parent = h.sandbox.seedPage('Init parent (foreign Plans)').id as string;
    await h.client().databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Plans' } }],
      initial_data_source: { properties: { Name: { title: {} }, Owner: { rich_text: {} } } },
    });
    const ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'init-foreign' }) });
    const r = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.json.created.includes('plans'));
    assert.equal((await databasesUnder(h, parent)).filter((t) => t === 'Plans').length, 2);
    const again = await h.cli(['init', '--json'], { workspace: ws });
    assert.deepEqual(again.json.created, []);
  });

  test('10% faults of every kind (applied-then-500 included): one database per category after ≤ 3 runs', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const parent = h.sandbox.seedPage(`Init parent seed ${seed}`).id as string;
      const ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: `init-${seed}` }) });
      h.sandbox.setFaults(
        `seed=${seed},rate=0.1,kinds=429:500:502:503:504:reset:applied500:appliedReset;` +
          `seed=${seed},rate=0.3,kinds=applied500:appliedReset,methods=POST,routes=/v1/databases`,
      );
      let runs = 0;
      let last;
      do {
        runs++;
        last = await h.cli(runs === 1 ? ['init', '--parent-page', parent, '--json'] : ['init', '--json'], {
          workspace: ws,
        });
      } while (last.code !== 0 && runs < 3);
      h.sandbox.setFaults(null);
      assert.equal(last.code, 0, `seed ${seed}: ${last.stderr}`);
      assert.deepEqual(await databasesUnder(h, parent), [...TITLES].sort(), `seed ${seed}: one database per category`);
      const ids = await configuredIds(ws);
      assert.deepEqual(Object.keys(ids).sort(), ['agentChats', 'executionLogs', 'plans', 'reports', 'scripts']);
      assert.ok(Object.values(ids).every((id) => typeof id === 'string' && id.length > 0));
    }
  });
});
