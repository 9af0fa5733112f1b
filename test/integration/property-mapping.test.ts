// Databases people already have (issue 17, points 1 and 5): a Scripts database with its own names and an
// Execution Logs database with its own title, used through `"properties"` in .notion-sync.json. Real SDK,
// real HTTP, the sandbox.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace } from './helpers';
import { makeTempHome } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects */

const DEPLOY = '# Deploys the site\nprint("deploy")\n';
const BUILD = '#!/bin/sh\n# Builds it\necho build\n';

async function schemaOf(h: Harness, databaseId: string): Promise<{ dataSourceId: string; properties: any }> {
  const db = (await h.client().databases.retrieve({ database_id: databaseId })) as any;
  const ds = (await h.client().dataSources.retrieve({ data_source_id: db.data_sources[0].id })) as any;
  return { dataSourceId: ds.id, properties: ds.properties };
}

async function rowsOf(h: Harness, dataSourceId: string): Promise<any[]> {
  const res = (await h.client().dataSources.query({ data_source_id: dataSourceId, page_size: 100 })) as any;
  return res.results;
}

const text = (p: any): string => (p?.title ?? p?.rich_text ?? []).map((t: any) => t.plain_text).join('');

describe('property mapping: a Scripts and an Execution Logs database people already have', () => {
  let h: Harness;
  let ws: string;
  let scriptsId: string;
  let scriptsDs: string;
  let logsId: string;
  const theirScripts = ['Script Name', 'File Path', 'Language', 'Owner', 'Name', 'Notes'];

  before(async () => {
    h = await Harness.start();
    const parent = h.sandbox.seedPage('Team space').id as string;
    const client = h.client();
    // Their Scripts database: its own title, `File Path`, capitalised languages, properties of their own
    // (one of them called `Name`, which is not the title).
    const scripts = (await client.databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Scripts' } }],
      initial_data_source: {
        properties: {
          'Script Name': { title: {} },
          'File Path': { rich_text: {} },
          Language: { select: { options: [{ name: 'Python' }, { name: 'Shell' }] } },
          Owner: { rich_text: {} },
          Name: { rich_text: {} },
          Notes: { rich_text: {} },
        },
      },
    })) as any;
    scriptsId = scripts.id;
    scriptsDs = (await schemaOf(h, scriptsId)).dataSourceId;
    // Their Execution Logs: title `Run`, their own Status select, and a Script relation to their Scripts.
    const logs = (await client.databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Runs' } }],
      initial_data_source: {
        properties: {
          Run: { title: {} },
          Status: { select: { options: [{ name: 'Success' }, { name: 'Failed' }] } },
          Script: { relation: { data_source_id: scriptsDs, type: 'single_property', single_property: {} } },
          Comment: { rich_text: {} },
        },
      },
    })) as any;
    logsId = logs.id;
    ws = await makeWorkspace({
      'scripts/deploy.py': DEPLOY,
      'scripts/build.sh': BUILD,
      '.notion-sync.json': JSON.stringify(
        {
          workspaceName: 'mapped',
          parentPageId: parent,
          categories: {
            scripts: { databaseId: scriptsId, properties: { Name: 'Script Name', Path: 'File Path' } },
          },
          executionLogs: { databaseId: logsId, properties: { Name: 'Run' } },
        },
        null,
        2,
      ),
    });
  });
  after(async () => h?.close());

  test('init adds only what is missing, renames and retypes nothing', async () => {
    const r = await h.cli(['init', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json.unresolved, []);
    assert.equal(r.json.databases.scripts, scriptsId);
    assert.equal(r.json.databases.executionLogs, logsId);
    assert.deepEqual(
      [...r.json.added.scripts].sort(),
      ['Category', 'Content Hash', 'Last Synced', 'Lines', 'Local Modified', 'Size (bytes)', 'Summary', 'Workspace'],
      'neither Path nor Name: they are mapped to File Path and Script Name',
    );
    const after = (await schemaOf(h, scriptsId)).properties;
    for (const name of theirScripts) assert.ok(after[name], `${name} is still there`);
    assert.equal(after['Script Name'].type, 'title', 'the title keeps its name');
    assert.equal(after['Name'].type, 'rich_text', 'their own Name stays theirs');
    assert.equal(after['Path'], undefined, 'no Path beside File Path');
    const logs = (await schemaOf(h, logsId)).properties;
    assert.equal(logs['Run'].type, 'title');
    assert.equal(logs['Name'], undefined);
    assert.equal(logs['Script'].type, 'relation', 'their relation is kept, not made twice');
    assert.ok(logs['Run ID'] && logs['Workspace'] && logs['Started'], 'our bookkeeping properties were added');
    assert.equal(r.json.added.executionLogs.includes('Script'), false);

    const again = await h.cli(['init', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.json.added, {}, 'a second init adds nothing');
  });

  test('sync writes the values into their properties; a re-sync writes nothing', async () => {
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 2);
    const rows = await rowsOf(h, scriptsDs);
    assert.equal(rows.length, 2);
    const byPath = Object.fromEntries(rows.map((row) => [text(row.properties['File Path']), row]));
    assert.deepEqual(Object.keys(byPath).sort(), ['scripts/build.sh', 'scripts/deploy.py']);
    assert.equal(text(byPath['scripts/deploy.py'].properties['Script Name']), 'deploy.py');
    assert.equal(text(byPath['scripts/deploy.py'].properties['Name']), '', 'their Name is not written');
    assert.equal(text(byPath['scripts/deploy.py'].properties['Workspace']), 'mapped');
    assert.equal(byPath['scripts/deploy.py'].properties['Language'].select.name, 'Python');
    assert.equal(byPath['scripts/build.sh'].properties['Language'].select.name, 'Shell');
    const options = (await schemaOf(h, scriptsId)).properties['Language'].select.options.map((o: any) => o.name);
    assert.deepEqual(options.sort(), ['Python', 'Shell'], 'no lower-case twin options');

    h.sandbox.resetStats();
    const again = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.created + again.json.updated, 0);
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
    assert.equal((await rowsOf(h, scriptsDs)).length, 2);
  });

  test('status and audit count the mapped rows', async () => {
    const s = await h.cli(['status', '--json'], { workspace: ws });
    assert.equal(s.code, 0, s.stderr);
    const scripts = s.json.items.filter((i: any) => i.category === 'scripts');
    assert.deepEqual(scripts.map((i: any) => `${i.path}:${i.state}`).sort(), [
      'scripts/build.sh:synced',
      'scripts/deploy.py:synced',
    ]);
    const a = await h.cli(['audit', '--json'], { workspace: ws });
    const c = a.json.categories.scripts;
    assert.equal(c.local, 2);
    assert.equal(c.notion, 2);
    assert.equal(c.inSync, 2);
    assert.equal(c.missingInNotion, 0);
    assert.equal(c.duplicatesInNotion, 0);
    assert.equal(
      a.json.schemaProblems.filter((p: any) => p.database === 'Scripts' || p.database === 'Execution Logs').length,
      0,
      JSON.stringify(a.json.schemaProblems),
    );
  });

  test('pull reads the row back by its mapped path', async () => {
    const row = (await rowsOf(h, scriptsDs)).find((r) => text(r.properties['File Path']) === 'scripts/deploy.py');
    const blocks = (await h.client().blocks.children.list({ block_id: row.id })) as any;
    const code = blocks.results.find((b: any) => b.type === 'code');
    assert.ok(code, 'the script is a code block');
    const edited = DEPLOY.replace('print("deploy")', 'print("deploy, edited in Notion")');
    await h.sandbox.humanEdit({ pageId: row.id, ops: [{ op: 'setText', blockId: code.id, text: edited }] });
    const p = await h.cli(['pull', '--json'], { workspace: ws });
    assert.equal(p.code, 0, p.stderr);
    assert.equal(p.json.pulled + p.json.merged, 1, JSON.stringify(p.json));
    assert.match(await readFile(join(ws, 'scripts/deploy.py'), 'utf8'), /edited in Notion/);
    const after = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(after.code, 0, after.stderr);
    assert.equal(after.json.created, 0, 'no second row for the pulled file');
    assert.equal((await rowsOf(h, scriptsDs)).length, 2);
  });

  test('run logs into their Execution Logs database: Run title, Script relation to the mapped row', async () => {
    const r = await h.cli(['run', '--script', 'scripts/deploy.py', '--json', '--', process.execPath, '-e', '1'], {
      workspace: ws,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.json.executionLogPageId, JSON.stringify(r.json));
    const page = (await h.client().pages.retrieve({ page_id: r.json.executionLogPageId })) as any;
    assert.match(text(page.properties['Run']), /scripts\/deploy\.py/);
    const script = (await rowsOf(h, scriptsDs)).find((x) => text(x.properties['File Path']) === 'scripts/deploy.py');
    assert.deepEqual(
      page.properties['Script'].relation.map((x: any) => x.id),
      [script.id],
    );
    // Status: our `success`, spelt as their existing `Success`.
    assert.equal(page.properties['Status'].select.name, 'Success');
    assert.equal(text(page.properties['Script Path']), 'scripts/deploy.py');
    const statusOptions = (await schemaOf(h, logsId)).properties['Status'].select.options.map((o: any) => o.name);
    assert.equal(statusOptions.includes('success'), false);
    // The audit reads the run through the mapping too.
    const a = await h.cli(['audit', '--json'], { workspace: ws });
    assert.ok(a.json.executionLogs.runsRecorded >= 1);
    assert.equal(a.json.executionLogs.scriptsWithoutLog.includes('scripts/deploy.py'), false);
  });
});

describe('property mapping: what init refuses to guess', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  test('a mapped property that is missing, and one of another type, are reported with their fix; nothing is created', async () => {
    const parent = h.sandbox.seedPage('Refusals').id as string;
    const db = (await h.client().databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Scripts' } }],
      initial_data_source: {
        properties: { Title: { title: {} }, Link: { url: {} }, Lines: { rich_text: {} } },
      },
    })) as any;
    const ws = await makeWorkspace({
      'scripts/a.py': 'print(1)\n',
      '.notion-sync.json': JSON.stringify({
        workspaceName: 'refusals',
        parentPageId: parent,
        categories: { scripts: { databaseId: db.id, properties: { Path: 'Link', Language: 'Lang' } } },
      }),
    });
    const r = await h.cli(['init', '--json'], { workspace: ws });
    assert.equal(r.code, 1, 'unresolved problems fail init');
    const byOurs = Object.fromEntries(
      r.json.unresolved.filter((p: any) => p.database === 'Scripts').map((p: any) => [p.ours, p]),
    );
    assert.equal(byOurs.Path.problem, 'wrong-type');
    assert.equal(byOurs.Path.actual, 'url');
    assert.equal(byOurs.Language.problem, 'missing');
    assert.equal(byOurs.Language.property, 'Lang');
    assert.match(byOurs.Language.fix, /correct the name there/);
    assert.equal(byOurs.Lines.problem, 'wrong-type', 'an unmapped property of another type is not retyped');
    const props = (await schemaOf(h, db.id)).properties;
    assert.equal(props['Lang'], undefined, 'a missing mapped property is not created');
    assert.equal(props['Language'], undefined, '…nor created under our name');
    assert.equal(props['Path'], undefined);
    assert.equal(props['Link'].type, 'url');
    assert.equal(props['Lines'].type, 'rich_text');
    assert.equal(props['Title'].type, 'title', 'the title is not renamed to Name');
    assert.ok(props['Workspace'], 'missing unmapped properties are added');
    // Sync reports the unusable key instead of writing rows it could never find again.
    const s = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(s.json.created, 0);
    assert.equal((await rowsOf(h, (await schemaOf(h, db.id)).dataSourceId)).length, 0);
  });

  test('an Execution Logs database without a Script relation gets its row, without the relation', async () => {
    const parent = h.sandbox.seedPage('No relation').id as string;
    const logs = (await h.client().databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Runs' } }],
      initial_data_source: { properties: { Run: { title: {} }, Status: { select: {} }, Started: { date: {} } } },
    })) as any;
    const ws = await makeWorkspace({
      'scripts/a.py': 'print(1)\n',
      '.notion-sync.json': JSON.stringify({
        workspaceName: 'no-relation',
        parentPageId: parent,
        executionLogs: { databaseId: logs.id, properties: { Name: 'Run' } },
      }),
    });
    // No init: the database is used as it is (a person's, never completed by us).
    const r = await h.cli(['run', '--json', '--', process.execPath, '-e', '1'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.json.executionLogPageId, JSON.stringify(r.json));
    const page = (await h.client().pages.retrieve({ page_id: r.json.executionLogPageId })) as any;
    assert.deepEqual(Object.keys(page.properties).sort(), ['Run', 'Started', 'Status']);
    assert.ok(text(page.properties['Run']).length > 0);
    assert.equal(page.properties['Status'].select.name, 'success');
  });
});

describe('property mapping: an Agent Chats database people already have', () => {
  let h: Harness;
  let home: TempHome;
  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test('capture writes and finds sessions by the mapped session id; a second capture changes nothing', async () => {
    new ClaudeSessionBuilder('22222222-aaaa-4bbb-8ccc-000000000001', home.ws)
      .prompt('Plan the retry policy')
      .text('Here it is.')
      .write(join(home.home, '.claude'));
    const env = { HOME: home.home };
    const parent = h.sandbox.seedPage('Chats space').id as string;
    const db = (await h.client().databases.create({
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'AI conversations' } }],
      initial_data_source: {
        properties: {
          Topic: { title: {} },
          'Chat ID': { rich_text: {} },
          Agent: { select: { options: [{ name: 'Claude-Code' }] } },
        },
      },
    })) as any;
    await writeFile(
      join(home.ws, '.notion-sync.json'),
      JSON.stringify({
        workspaceName: 'mapped-chats',
        parentPageId: parent,
        categories: { agentChats: { databaseId: db.id, properties: { 'Session ID': 'Chat ID', Tool: 'Agent' } } },
      }),
    );
    const init = await h.cli(['init', '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.json.added.agentChats.includes('Session ID'), false);
    assert.equal(init.json.added.agentChats.includes('Tool'), false);

    const first = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json.captured, 1, JSON.stringify(first.json));
    const { dataSourceId, properties } = await schemaOf(h, db.id);
    const rows = await rowsOf(h, dataSourceId);
    assert.equal(rows.length, 1);
    assert.equal(text(rows[0].properties['Chat ID']), '22222222-aaaa-4bbb-8ccc-000000000001');
    assert.equal(rows[0].properties['Agent'].select.name, 'Claude-Code');
    assert.ok(text(rows[0].properties['Topic']).length > 0);
    assert.equal(properties['Session ID'], undefined);

    const list = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    assert.equal(list.json.sessions[0].captured, true);
    h.sandbox.resetStats();
    const second = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.json.unchanged, 1, JSON.stringify(second.json));
    assert.equal(h.sandbox.stats().writes, 0, JSON.stringify(h.sandbox.stats().byRoute));
    assert.equal((await rowsOf(h, dataSourceId)).length, 1);
  });
});
