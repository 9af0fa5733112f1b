import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@notionhq/client';
import { Harness, makeWorkspace, readTree } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API rows */

const text = (s: string) => ({ rich_text: [{ type: 'text' as const, text: { content: s } }] });
const TOOLS = Array.from({ length: 100 }, (_, i) => `tool_${String(i).padStart(3, '0')}.py`);
/** How "another tool" wrote the path property on half of the rows: as a path of its own kind. */
const PATH_FORMS = [(f: string) => `scripts/${f}`, (f: string) => `./scripts/${f}`, (f: string) => `scripts\\${f}`];

/** A Scripts database that an in-house sync script filled before this product came: its own schema. */
async function foreignScripts(client: Client, parent: string): Promise<{ databaseId: string; dataSourceId: string }> {
  const db = (await client.databases.create({
    parent: { type: 'page_id', page_id: parent },
    title: [{ type: 'text', text: { content: 'Scripts (legacy)' } }],
    initial_data_source: {
      properties: {
        'Script Name': { title: {} },
        'File Path': { rich_text: {} },
        Owner: { rich_text: {} },
        Tags: { multi_select: {} },
      },
    },
  } as never)) as unknown as { id: string; data_sources: Array<{ id: string }> };
  const dataSourceId = db.data_sources[0]!.id;
  for (const [i, name] of TOOLS.entries()) {
    await client.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: {
        'Script Name': { title: [{ text: { content: name } }] },
        Owner: text('legacy-sync'),
        ...(i % 2 === 0 ? { 'File Path': text(PATH_FORMS[(i / 2) % 3]!(name)) } : {}),
      } as never,
      // The last ten already hold exactly what this product writes for the file (one code block).
      children: (i >= 90
        ? [{ code: { language: 'python', rich_text: [{ text: { content: `# ${name}\nprint(${i})` } }] } }]
        : [{ paragraph: { rich_text: [{ text: { content: `old copy of ${name}` } }] } }]) as never,
    });
  }
  for (const owner of ['alice', 'bob'])
    await client.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: { 'Script Name': { title: [{ text: { content: 'run.py' } }] }, Owner: text(owner) } as never,
    });
  return { databaseId: db.id, dataSourceId };
}

async function allRows(client: Client, dataSourceId: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | undefined;
  do {
    const res: any = await client.dataSources.query({
      data_source_id: dataSourceId,
      start_cursor: cursor,
      page_size: 100,
    } as never);
    out.push(...res.results);
    cursor = res.has_more ? res.next_cursor : undefined;
  } while (cursor);
  return out;
}

const plain = (p: any): string => (p?.title ?? p?.rich_text ?? []).map((t: any) => t.plain_text).join('');

async function propertyNames(client: Client, dataSourceId: string): Promise<string[]> {
  const ds: any = await client.dataSources.retrieve({ data_source_id: dataSourceId });
  return Object.keys(ds.properties).sort();
}

async function setUp(h: Harness, workspaceName: string) {
  const client = h.client();
  const parent = h.sandbox.seedPage(`Adopt parent ${workspaceName}`).id as string;
  const { databaseId, dataSourceId } = await foreignScripts(client, parent);
  const files: Record<string, string> = {
    '.notion-sync.json': JSON.stringify({
      workspaceName,
      // Their names for our key's path and title (issue 17: property mapping).
      categories: {
        scripts: {
          include: ['scripts/**/*.py'],
          databaseId,
          properties: { Name: 'Script Name', Path: 'File Path' },
        },
      },
    }),
    'scripts/a/run.py': 'print("a")\n',
    'scripts/b/run.py': 'print("b")\n',
  };
  for (const [i, name] of TOOLS.entries()) files[`scripts/${name}`] = `# ${name}\nprint(${i})\n`;
  const ws = await makeWorkspace(files);
  const init = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: ws });
  assert.equal(init.code, 0, init.stderr);
  assert.equal(
    init.json.databases.scripts.replace(/-/g, ''),
    databaseId.replace(/-/g, ''),
    'the legacy database is used',
  );
  const before = await allRows(client, dataSourceId);
  assert.equal(before.length, 102);
  // init added our properties beside theirs; it renamed and removed none of the legacy schema's.
  const props = await propertyNames(client, dataSourceId);
  for (const name of ['Script Name', 'File Path', 'Owner', 'Tags']) assert.ok(props.includes(name), `${name} kept`);
  return { client, ws, dataSourceId, before, propsBefore: await propertyNames(client, dataSourceId) };
}

/** Every row there before is still there (none trashed), no property people made is gone or renamed. */
async function nothingLost(client: Client, dataSourceId: string, before: any[], propsBefore: string[]): Promise<any[]> {
  const after = await allRows(client, dataSourceId);
  assert.equal(after.length, 102, 'no row created, none trashed');
  assert.deepEqual(after.map((r) => r.id).sort(), before.map((r) => r.id).sort());
  for (const r of after) assert.equal(r.in_trash ?? r.archived ?? false, false);
  assert.deepEqual(await propertyNames(client, dataSourceId), propsBefore, 'no property renamed, added or removed');
  // What people wrote in their own properties is untouched.
  for (const r of after) assert.ok(['legacy-sync', 'alice', 'bob'].includes(plain(r.properties.Owner)));
  return after;
}

describe('adopt: rows another tool wrote become this workspace’s, with no duplicate and nothing lost', () => {
  let h: Harness;
  let s: Awaited<ReturnType<typeof setUp>>;

  before(async () => {
    h = await Harness.start();
    s = await setUp(h, 'adopt-ws');
  });
  after(async () => h?.close());

  test('--dry-run shows the plan and makes no write request', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['adopt', '--dry-run', '--json'], { workspace: s.ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
    assert.equal(r.json.dryRun, true);
    assert.equal(r.json.adopted, 100, 'a bare key is a count');
    assert.equal(r.json.items.length, 100);
    assert.ok(r.json.items.every((a: any) => a.action === 'would-adopt' && a.pageId && a.path));
    assert.equal(r.json.items.filter((a: any) => a.by === 'path').length, 50);
    assert.deepEqual(
      r.json.ambiguous.map((a: any) => [a.path, a.candidates.length]),
      [
        ['scripts/a/run.py', 2],
        ['scripts/b/run.py', 2],
      ],
    );
    assert.equal(r.json.unmatched, 0);
    assert.deepEqual(r.json.unmatchedRows, []);
    assert.equal(r.json.failed, 0);
    assert.equal(typeof r.json.apiCalls, 'number');
    // The same plan in words.
    const text = await h.cli(['adopt', '--dry-run'], { workspace: s.ws });
    assert.match(text.stdout, /would adopt scripts\/tool_000\.py/);
    assert.match(text.stdout, /ambiguous scripts\/a\/run\.py/);
    await nothingLost(s.client, s.dataSourceId, s.before, s.propsBefore);
  });

  test('adopt claims the 100 unambiguous rows: 0 new rows, 0 trashed, no property renamed; run.py left alone', async () => {
    const row95 = s.before.find((r) => plain(r.properties['Script Name']) === 'tool_095.py');
    const blocks95 = (await readTree(s.client, row95.id)).map((b) => b.id);
    h.sandbox.resetStats();
    const r = await h.cli(['adopt', '--json'], { workspace: s.ws });
    const stats = h.sandbox.stats();
    // 90 bodies replaced (erase + append), 10 kept as they were; per row one claim and one final properties update.
    assert.equal(stats.byRoute['PATCH /v1/pages/{id}'], 100 + 90 + 100, JSON.stringify(stats.byRoute));
    assert.equal(stats.byRoute['PATCH /v1/blocks/{id}/children'], 90, JSON.stringify(stats.byRoute));
    assert.equal(stats.byRoute['GET /v1/blocks/{id}/children'], 100, 'each adopted body read once');
    assert.equal(stats.byRoute['POST /v1/pages'] ?? 0, 1, 'no row created (the one create is the execution log)');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.dryRun, false);
    assert.equal(r.json.adopted, 100);
    assert.ok(r.json.items.every((a: any) => a.action === 'adopted'));
    assert.equal(r.json.ambiguous.length, 2);
    assert.equal(r.json.failed, 0);
    const rows = await nothingLost(s.client, s.dataSourceId, s.before, s.propsBefore);
    const byTitle = new Map<string, any[]>();
    for (const row of rows)
      byTitle.set(plain(row.properties['Script Name']), [
        ...(byTitle.get(plain(row.properties['Script Name'])) ?? []),
        row,
      ]);
    for (const name of TOOLS) {
      const [row] = byTitle.get(name)!;
      assert.equal(plain(row.properties.Workspace), 'adopt-ws');
      assert.equal(plain(row.properties['File Path']), `scripts/${name}`);
      assert.equal(row.properties.Category.select?.name, 'scripts');
    }
    for (const row of byTitle.get('run.py')!) {
      assert.equal(plain(row.properties.Workspace), '', 'ambiguous rows are never claimed');
      assert.equal(plain(row.properties['File Path']), '');
    }
    // The body is now the file's content.
    const sample = byTitle.get('tool_007.py')![0];
    const tree = JSON.stringify(await readTree(s.client, sample.id));
    assert.match(tree, /print\(7\)/);
    assert.doesNotMatch(tree, /old copy of/);
    // A body that already read like the file was diffed, not rewritten: its block (and its comments) kept.
    const kept = (await readTree(s.client, row95.id)).map((b) => b.id);
    assert.deepEqual(kept, blocks95);
  });

  test('status and sync afterwards: every adopted file synced, the ambiguous ones skipped naming adopt, no row created', async () => {
    const st = await h.cli(['status', '--json'], { workspace: s.ws });
    const states = st.json.items.filter((i: any) => i.category === 'scripts');
    assert.equal(states.filter((i: any) => i.state === 'synced').length, 100);
    const sync = await h.cli(['sync', '--json'], { workspace: s.ws });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.json.created, 0);
    assert.equal(sync.json.adopted, 0);
    assert.equal(sync.json.unchanged, 100);
    const skipped = sync.json.skipped.filter((x: any) => /run\.py$/.test(x.path));
    assert.equal(skipped.length, 2);
    for (const x of skipped) assert.match(x.reason, /notion-sync adopt/);
    assert.deepEqual(
      sync.json.plan.filter((p: any) => p.action === 'ambiguous').map((p: any) => p.path),
      ['scripts/a/run.py', 'scripts/b/run.py'],
    );
    await nothingLost(s.client, s.dataSourceId, s.before, s.propsBefore);
  });

  test('a second adopt is a no-op: no write request', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['adopt', '--json'], { workspace: s.ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.adopted, 0);
    assert.deepEqual(r.json.items, []);
    assert.equal(r.json.ambiguous.length, 2);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
  });

  test('the audit then counts the two run.py rows as unmanaged look-alikes with the adopt fix', async () => {
    const r = await h.cli(['audit', '--json'], { workspace: s.ws });
    assert.equal(r.code, 0, r.stderr);
    const c = r.json.categories.scripts;
    assert.equal(c.notion, 100);
    assert.equal(c.unmanagedInNotion, 2);
    assert.equal(c.lookAlikes, 2);
    assert.equal(c.otherWorkspaces, 0);
    const fix = r.json.remediation.find((x: any) => /match several rows/.test(x.title));
    assert.equal(fix.command, 'notion-sync adopt --category scripts --dry-run');
  });
});

describe('a plain sync adopts instead of duplicating', () => {
  let h: Harness;
  after(async () => h?.close());

  test('sync on a legacy database: 100 rows adopted, 0 created, run.py skipped; the second sync is a no-op', async () => {
    h = await Harness.start();
    const s = await setUp(h, 'sync-ws');
    const dry = await h.cli(['sync', '--dry-run', '--json'], { workspace: s.ws });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.json.plan.filter((p: any) => p.action === 'adopt').length, 100);
    assert.equal(dry.json.plan.filter((p: any) => p.action === 'create').length, 0);

    const r = await h.cli(['sync', '--json'], { workspace: s.ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.adopted, 100);
    assert.equal(r.json.created, 0);
    assert.equal(r.json.failed, 0);
    assert.equal(r.json.skipped.filter((x: any) => /notion-sync adopt/.test(x.reason)).length, 2);
    await nothingLost(s.client, s.dataSourceId, s.before, s.propsBefore);

    h.sandbox.resetStats();
    const again = await h.cli(['sync', '--json'], { workspace: s.ws });
    assert.equal(again.json.created + again.json.adopted + again.json.updated, 0);
    assert.equal(again.json.unchanged, 100);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
    // One query per 100 rows: 100 of ours + 2 unmanaged = 2 queries for Scripts, one for each other database.
    assert.equal(h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'], 2 + 3);
  });
});

describe('audit sees the whole database', () => {
  let h: Harness;
  after(async () => h?.close());

  test('exact counts on a database mixing our rows, unmanaged rows, look-alikes and another workspace’s rows', async () => {
    h = await Harness.start();
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'mix-ws' }),
      'scripts/s1.py': 'print(1)\n',
      'scripts/s2.sh': 'echo 2\n',
      'plans/p.md': '# P\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    assert.equal((await h.cli(['sync', '--json'], { workspace: ws })).json.created, 3);
    await writeFile(join(ws, 'scripts/new.py'), 'print("new")\n'); // not synced yet: an unmanaged row matches it

    const client = h.client();
    const db: any = await client.databases.retrieve({ database_id: init.json.databases.scripts });
    const ds = db.data_sources[0].id;
    const row = (title: string, props: Record<string, unknown> = {}) =>
      client.pages.create({
        parent: { data_source_id: ds },
        properties: { Name: { title: [{ text: { content: title } }] }, ...props } as never,
      });
    await row('s1.py'); // look-alike of one of our rows (its file has its row: left alone)
    await row('S2'); // look-alike by the name without extension
    await row('new.py'); // look-alike that is adoptable (new.py has no row yet)
    await row('Quarterly numbers'); // unmanaged, like nothing of ours
    await row('Elsewhere', { Workspace: text('other-ws'), Path: text('scripts/zzz.py') });
    await row('s1.py', { Workspace: text('other-ws'), Path: text('scripts/s1.py') }); // another workspace's s1: not ours, not unmanaged
    await row('Third', { Workspace: text('third-ws'), Path: text('scripts/t.py') });

    h.sandbox.resetStats();
    const r = await h.cli(['audit', '--json'], { workspace: ws, env: { NOTION_SYNC_STATE_DIR: join(ws, '.fresh') } });
    assert.equal(r.code, 0, r.stderr);
    const c = r.json.categories.scripts;
    assert.deepEqual(
      {
        local: c.local,
        notion: c.notion,
        missingInNotion: c.missingInNotion,
        orphanedInNotion: c.orphanedInNotion,
        duplicatesInNotion: c.duplicatesInNotion,
        unmanagedInNotion: c.unmanagedInNotion,
        otherWorkspaces: c.otherWorkspaces,
        lookAlikes: c.lookAlikes,
      },
      {
        local: 3,
        notion: 2,
        missingInNotion: 1,
        orphanedInNotion: 0,
        duplicatesInNotion: 0,
        unmanagedInNotion: 4,
        otherWorkspaces: 3,
        lookAlikes: 3,
      },
    );
    assert.deepEqual(r.json.categories.plans.unmanagedInNotion, 0);
    assert.deepEqual(r.json.categories.plans.otherWorkspaces, 0);
    assert.deepEqual(r.json.details.scripts.otherWorkspaces, { 'other-ws': 2, 'third-ws': 1 });
    assert.deepEqual(
      r.json.details.scripts.adoptable.map((a: any) => [a.path, a.by]),
      [['scripts/new.py', 'title']],
    );
    const adopt = r.json.remediation.find((x: any) => x.command === 'notion-sync adopt --category scripts');
    assert.ok(adopt, JSON.stringify(r.json.remediation));
    assert.equal(adopt.severity, 'high');
    const stray = r.json.remediation.find((x: any) => /look like this workspace/.test(x.title));
    assert.match(stray.title, /^2 rows/, 's1.py and S2 (new.py is adoptable)');
    // The whole-database query replaces the filtered one: still one query per database (4 categories + logs).
    assert.equal(h.sandbox.stats().byRoute['POST /v1/data_sources/{id}/query'], 5);

    const md = (await h.cli(['audit'], { workspace: ws })).stdout;
    assert.match(md, /\| Unmanaged \| Look-alikes \| Other workspaces \|/);
    assert.match(
      md,
      /4 rows managed by no workspace .*3 of them titled like this workspace's items; fix: `notion-sync adopt --category scripts`/,
    );
    assert.match(md, /Adoptable: \[new\.py\]\(.*\) → `scripts\/new\.py` \(by title\)/);
    assert.match(md, /2 rows of the workspace “other-ws” \(left alone\)/);

    // Sync adopts new.py's row rather than creating one; the others stay as they are.
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(sync.json.created, 0, sync.stderr);
    assert.equal(sync.json.adopted, 1);
    const again = await h.cli(['audit', '--json'], { workspace: ws });
    assert.equal(again.json.categories.scripts.notion, 3);
    assert.equal(again.json.categories.scripts.unmanagedInNotion, 3);
    assert.equal(again.json.categories.scripts.lookAlikes, 2);
    assert.equal(again.json.categories.scripts.otherWorkspaces, 3);
  });
});

describe('adoption under stress: partial paths, sub-pages, faults, two machines', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  /** A small legacy database (title + Path only) and a workspace whose scripts it lists. */
  async function small(name: string, titles: string[], files: Record<string, string>) {
    const client = h.client();
    const parent = h.sandbox.seedPage(`Small legacy ${name}`).id as string;
    const db: any = await client.databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Scripts' } }],
      initial_data_source: { properties: { Title: { title: {} }, Path: { rich_text: {} } } },
    } as never);
    const ds = db.data_sources[0].id as string;
    const ids: string[] = [];
    for (const t of titles) {
      const page: any = await client.pages.create({
        parent: { data_source_id: ds },
        properties: { Title: { title: [{ text: { content: t } }] } } as never,
      });
      ids.push(page.id);
    }
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({
        workspaceName: name,
        categories: { scripts: { include: ['scripts/**/*.py'], databaseId: db.id } },
      }),
      ...files,
    });
    const init = await h.cli(['init', '--parent-page', parent, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    return { client, ds, ws, ids };
  }

  test('a sync limited to one path still sees the other file of the same name: never guessed', async () => {
    const s = await small('partial-ws', ['run.py'], {
      'scripts/a/run.py': 'print(1)\n',
      'scripts/b/run.py': 'print(2)\n',
    });
    const r = await h.cli(['sync', 'scripts/a/run.py', '--json'], { workspace: s.ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 0);
    assert.equal(r.json.adopted, 0);
    assert.match(r.json.skipped.find((x: any) => x.path === 'scripts/a/run.py').reason, /notion-sync adopt/);
    assert.equal((await allRows(s.client, s.ds)).length, 1);
  });

  test('a page holding a sub-page is not adopted (its sub-page would go); the rest is', async () => {
    const s = await small('subpage-ws', ['keep.py', 'nested.py', 'Release notes'], {
      'scripts/keep.py': 'print("keep")\n',
      'scripts/nested.py': 'print("nested")\n',
    });
    h.sandbox.seedPage('Notes under nested.py', s.ids[1]);
    const r = await h.cli(['adopt', '--json'], { workspace: s.ws });
    assert.equal(r.code, 1, 'an adoption that failed is a failed item');
    assert.deepEqual(
      r.json.items.map((a: any) => a.path),
      ['scripts/keep.py'],
    );
    assert.equal(r.json.failed, 1);
    assert.equal(r.json.unmatched, 1);
    assert.deepEqual(
      r.json.unmatchedRows.map((u: any) => [u.title, u.reason]),
      [['Release notes', 'no local file of this name']],
    );
    assert.match(r.json.failures[0].reason, /sub-page/);
    const rows = await allRows(s.client, s.ds);
    const nested = rows.find((x) => x.id === s.ids[1]);
    assert.equal(plain(nested.properties.Workspace), '', 'not claimed');
    const tree = await readTree(s.client, s.ids[1]);
    assert.ok(
      tree.some((b) => b.type === 'child_page'),
      'the sub-page is still there',
    );
    // And a plain sync does not create a second row for it either.
    const sync = await h.cli(['sync', '--json'], { workspace: s.ws });
    assert.equal(sync.json.created, 0);
    assert.equal((await allRows(s.client, s.ds)).length, 3);
  });

  test('faults (500s, resets, applied-then-failed writes): re-runs finish the adoption, never a duplicate', async () => {
    const titles = Array.from({ length: 12 }, (_, i) => `f${i}.py`);
    const files: Record<string, string> = {};
    for (const [i, t] of titles.entries()) files[`scripts/${t}`] = `print(${i})\n`;
    const s = await small('faults-ws', titles, files);
    h.sandbox.resetStats();
    h.sandbox.setFaults('seed=5,rate=0.2,kinds=500:502:503:reset:applied500:appliedReset');
    let runs = 0;
    for (; runs < 6; runs++) {
      const r = await h.cli(['sync', '--json'], { workspace: s.ws, env: { NOTION_SYNC_MAX_RETRIES: '1' } });
      if (r.code === 0 && r.json.failed === 0 && r.json.adopted === 0 && r.json.updated === 0) break;
    }
    h.sandbox.setFaults(null);
    assert.ok(h.sandbox.stats().faults.total >= 5, JSON.stringify(h.sandbox.stats().faults));
    assert.ok(runs >= 1, 'the faults made at least one run fall short');
    const final = await h.cli(['status', '--json'], { workspace: s.ws });
    assert.equal(
      final.json.items.filter((i: any) => i.state === 'synced').length,
      12,
      JSON.stringify(final.json.items),
    );
    const rows = await allRows(s.client, s.ds);
    assert.equal(rows.length, 12, 'no row created');
    assert.deepEqual(rows.map((r) => r.id).sort(), [...s.ids].sort());
  });

  test('two machines adopting at once converge on the same rows', async () => {
    const titles = Array.from({ length: 8 }, (_, i) => `m${i}.py`);
    const files: Record<string, string> = {};
    for (const [i, t] of titles.entries()) files[`scripts/${t}`] = `print(${i})\n`;
    const s = await small('two-ws', titles, files);
    const [a, b] = await Promise.all([
      h.cli(['adopt', '--json'], { workspace: s.ws, env: { NOTION_SYNC_STATE_DIR: join(s.ws, '.machine-a') } }),
      h.cli(['sync', '--json'], { workspace: s.ws, env: { NOTION_SYNC_STATE_DIR: join(s.ws, '.machine-b') } }),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.json.created, 0);
    const rows = await allRows(s.client, s.ds);
    assert.deepEqual(rows.map((r) => r.id).sort(), [...s.ids].sort());
    for (const r of rows) assert.equal(plain(r.properties.Workspace), 'two-ws');
    for (const dir of ['.machine-a', '.machine-b']) {
      const st = await h.cli(['status', '--json'], {
        workspace: s.ws,
        env: { NOTION_SYNC_STATE_DIR: join(s.ws, dir) },
      });
      assert.equal(st.json.items.filter((i: any) => i.state === 'synced').length, 8, dir);
    }
  });
});
