import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace } from './helpers';

describe('audit against the sandbox: every gap counted exactly, named, and given its fix', () => {
  let h: Harness;
  let ws: string;
  let dbs: Record<string, string>;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'audit-ws', triggerFiles: { staleAfterHours: 24 } }),
      'plans/a.md': '# A\n\nAlpha.\n',
      'plans/b.md': '# B\n\nBeta.\n',
      'plans/c.md': '# C\n\nGamma.\n',
      'reports/r1.md': '# R1\n\nReport one.\n',
      'reports/r2.md': '# R2\n\nReport two.\n',
      'scripts/s1.py': '"""One."""\nprint(1)\n',
      'scripts/s2.sh': '#!/bin/sh\n# Two.\necho 2\n',
      'jobs/inbox/old-1.json': '{}',
      'jobs/inbox/old-2.json': '{}',
      'jobs/inbox/fresh.json': '{}',
      'jobs/processed/p1.json': '{}',
      'jobs/processed/p2.json': '{}',
      'jobs/failed/f1.json': '{}',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    dbs = init.json.databases;
    const sync = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(sync.json.created, 7, sync.stderr);

    // Execution logs: s1 ran once successfully and once failing; s2 never ran with a log.
    assert.equal(
      (await h.cli(['run', '--script', 'scripts/s1.py', '--json', '--', 'sh', '-c', 'exit 0'], { workspace: ws })).code,
      0,
    );
    assert.equal(
      (await h.cli(['run', '--script', 'scripts/s1.py', '--json', '--', 'sh', '-c', 'exit 3'], { workspace: ws })).code,
      3,
    );

    // The gaps.
    await rm(join(ws, 'plans/c.md')); // orphaned in Notion
    await writeFile(join(ws, 'plans/b.md'), '# B\n\nBeta, changed.\n'); // modified locally
    await writeFile(join(ws, 'plans/d.md'), '# D\n\nNew.\n'); // missing in Notion
    const client = h.client();
    const status = await h.cli(['status', '--json'], { workspace: ws });
    const pageOf = (p: string): string => status.json.items.find((i: { path: string }) => i.path === p).pageId;
    h.sandbox.advanceClock(120_000);
    h.sandbox.humanEdit({ pageId: pageOf('reports/r1.md'), appendParagraph: 'A person wrote this in Notion.' }); // edited in Notion
    const reportsDb = (await client.databases.retrieve({ database_id: dbs.reports! })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const text = (s: string) => ({ rich_text: [{ type: 'text' as const, text: { content: s } }] });
    // A duplicate made directly through the API, and a row of another workspace sharing the database.
    await client.pages.create({
      parent: { data_source_id: reportsDb.data_sources[0]!.id },
      properties: {
        Name: { title: [{ text: { content: 'R2 copy' } }] },
        Workspace: text('audit-ws'),
        Path: text('reports/r2.md'),
      } as never,
    });
    await client.pages.create({
      parent: { data_source_id: reportsDb.data_sources[0]!.id },
      properties: {
        Name: { title: [{ text: { content: 'Elsewhere' } }] },
        Workspace: text('other-ws'),
        Path: text('reports/zzz.md'),
      } as never,
    });
    // A database missing a property.
    const scriptsDb = (await client.databases.retrieve({ database_id: dbs.scripts! })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    await client.dataSources.update({
      data_source_id: scriptsDb.data_sources[0]!.id,
      properties: { Summary: null } as never,
    });
    const logsDb = (await client.databases.retrieve({ database_id: dbs.executionLogs! })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    await client.dataSources.update({
      data_source_id: logsDb.data_sources[0]!.id,
      properties: { Host: null } as never,
    });
    // Stale trigger files.
    const old = (Date.now() - 72 * 3600_000) / 1000;
    await utimes(join(ws, 'jobs/inbox/old-1.json'), old, old);
    await utimes(join(ws, 'jobs/inbox/old-2.json'), old - 3600, old - 3600);
  });
  after(async () => h?.close());

  test('the JSON matches every expected count', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['audit', '--json', '--fail-on-gaps'], {
      workspace: ws,
      env: { NOTION_SYNC_STATE_DIR: join(ws, '.fresh-state') },
    });
    assert.equal(r.code, 3, r.stderr);
    const a = r.json;
    assert.equal(a.workspace, 'audit-ws');
    assert.deepEqual(a.notion, { configured: true, reachable: true });
    assert.deepEqual(a.categories.plans, {
      local: 3,
      notion: 3,
      inSync: 1,
      modifiedLocally: 1,
      missingInNotion: 1,
      orphanedInNotion: 1,
      duplicatesInNotion: 0,
      editedInNotion: 0,
      unmanagedInNotion: 0,
      otherWorkspaces: 0,
      lookAlikes: 0,
    });
    // The duplicate was made by the same integration, so it is not "edited in Notion"; r1 was, by a person.
    assert.deepEqual(a.categories.reports, {
      local: 2,
      notion: 3,
      inSync: 1,
      modifiedLocally: 0,
      missingInNotion: 0,
      orphanedInNotion: 0,
      duplicatesInNotion: 1,
      editedInNotion: 1,
      unmanagedInNotion: 0,
      otherWorkspaces: 1,
      lookAlikes: 0,
    });
    assert.deepEqual(a.categories.scripts, {
      local: 2,
      notion: 2,
      inSync: 2,
      modifiedLocally: 0,
      missingInNotion: 0,
      orphanedInNotion: 0,
      duplicatesInNotion: 0,
      editedInNotion: 0,
      unmanagedInNotion: 0,
      otherWorkspaces: 0,
      lookAlikes: 0,
    });
    assert.deepEqual(a.categories.agentChats, {
      local: 0,
      notion: 0,
      inSync: 0,
      modifiedLocally: 0,
      missingInNotion: 0,
      orphanedInNotion: 0,
      duplicatesInNotion: 0,
      editedInNotion: 0,
      unmanagedInNotion: 0,
      otherWorkspaces: 0,
      lookAlikes: 0,
    });
    assert.equal(a.executionLogs.runsRecorded, 2 + 1); // two script runs + the first sync's own row
    assert.deepEqual(a.executionLogs.scriptsWithoutLog, ['scripts/s2.sh']);
    assert.equal(a.executionLogs.failedRuns.length, 1);
    assert.match(a.executionLogs.lastRunAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(
      { ...a.triggerFiles, oldestStale: undefined },
      { inbox: 3, processed: 2, failed: 1, staleInbox: 2, oldestStale: undefined },
    );
    assert.deepEqual(
      a.triggerFiles.oldestStale.map((f: { path: string }) => f.path),
      ['jobs/inbox/old-2.json', 'jobs/inbox/old-1.json'],
    );
    assert.deepEqual(
      a.schemaProblems.map((p: { database: string; property: string }) => `${p.database}.${p.property}`),
      ['Scripts.Summary', 'Execution Logs.Host'],
    );

    const sev = (title: RegExp) => a.remediation.find((x: { title: string }) => title.test(x.title));
    assert.equal(sev(/missing in Notion/).command, 'notion-sync sync --category plans');
    assert.equal(sev(/changed since the last sync/).command, 'notion-sync sync --category plans');
    assert.equal(sev(/duplicate row/).command, 'notion-sync prune --duplicates --category reports');
    assert.equal(sev(/whose file no longer exists/).command, 'notion-sync prune --orphans --category plans');
    assert.equal(sev(/lacks property "Summary"/).command, 'notion-sync init');
    assert.match(sev(/never ran with an execution log/).command, /^notion-sync run --script scripts\/s2\.sh -- /);
    assert.equal(sev(/inbox trigger file/).severity, 'high');
    const order = a.remediation.map((x: { severity: string }) =>
      ['critical', 'high', 'medium', 'low'].indexOf(x.severity),
    );
    assert.deepEqual(
      order,
      [...order].sort((x: number, y: number) => x - y),
      'most urgent first',
    );

    // Reads only: one query per database (4 categories + execution logs), retrieves on this fresh
    // machine (no cache), the bot lookup; the audit's own log row is the one write.
    const stats = h.sandbox.stats();
    assert.equal(stats.writes, 1, JSON.stringify(stats.byRoute));
    assert.equal(stats.byRoute['POST /v1/data_sources/{id}/query'], 5);
    assert.ok(!stats.byRoute['GET /v1/blocks/{id}/children'], 'no per-row requests');
  });

  test('the markdown names each gap and its fix', async () => {
    const r = await h.cli(['audit'], { workspace: ws });
    assert.equal(r.code, 0);
    const md = r.stdout;
    assert.match(md, /^# Notion sync audit — audit-ws/m);
    assert.ok(
      md.indexOf('## Summary') < md.indexOf('## Details') && md.indexOf('## Details') < md.indexOf('## Remediation'),
    );
    for (const needle of [
      'Missing in Notion: `plans/d.md`',
      'Modified locally: `plans/b.md`',
      'Orphaned (file gone): [`plans/c.md`]',
      'Duplicate rows for `reports/r2.md`',
      'Edited in Notion at',
      '`reports/r1.md`',
      'Stale in inbox: `jobs/inbox/old-2.json`',
      'Never run with a log: `scripts/s2.sh`',
      '`Summary` is missing',
      'Execution Logs: `Host` is missing',
      '`notion-sync sync --category plans`',
      '`notion-sync prune --duplicates --category reports`',
      '`notion-sync init`',
    ]) {
      assert.ok(md.includes(needle), `markdown lacks ${needle}`);
    }
    assert.doesNotMatch(md, /unknown/i);
  });

  test('--out writes the report; without Notion the local side is still counted and the reason given', async () => {
    const out = join(ws, 'out/audit.md');
    const r = await h.cli(['audit', '--out', out, '--json'], { workspace: ws, env: { NOTION_TOKEN: undefined } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json.notion.configured, false);
    assert.equal(r.json.notion.reachable, false);
    assert.match(r.json.notion.error, /token/i);
    assert.match(r.json.notion.fix, /--token|NOTION_TOKEN/);
    assert.equal(r.json.categories.plans.local, 3);
    assert.equal(r.json.remediation[0].severity, 'critical');
    const { readFile } = await import('node:fs/promises');
    const md = await readFile(out, 'utf8');
    assert.match(md, /The Notion side was not read/);

    const down = await h.cli(['audit', '--json'], {
      workspace: ws,
      env: {
        NOTION_API_BASE_URL: 'http://127.0.0.1:9',
        NOTION_SYNC_STATE_DIR: join(ws, '.other-state'),
        NOTION_SYNC_MAX_RETRIES: '0',
      },
    });
    // Notion unreachable is never success (CONTRACT §3: exit 1), and the report still comes.
    assert.equal(down.code, 1, down.stderr);
    assert.equal(down.json.error.code, 'unreachable');
    assert.equal(down.json.notion.reachable, false);
    assert.match(down.json.notion.error, /reach|ECONNREFUSED|fetch/i);
    assert.equal(down.json.categories.scripts.local, 2);
  });

  test('a configured database that does not exist (or is not shared) is named with its fix; the rest is still audited', async () => {
    const ws2 = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({
        workspaceName: 'audit-ws',
        categories: {
          plans: { databaseId: '0f7c4e3a-1111-4222-8333-944455556666' },
          reports: { databaseId: dbs.reports },
        },
        executionLogs: { databaseId: dbs.executionLogs },
      }),
      'plans/a.md': '# A\n',
      'reports/r1.md': '# R1\n\nReport one.\n',
    });
    const r = await h.cli(['audit', '--json'], { workspace: ws2 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.notion.reachable, true);
    assert.match(r.json.details.plans.problem.message, /Could not find|not find/i);
    assert.match(r.json.details.plans.problem.fix, /Share it with your integration|notion-sync init/);
    const critical = r.json.remediation.find(
      (x: { severity: string; title: string }) => x.severity === 'critical' && /Plans/.test(x.title),
    );
    assert.ok(critical, JSON.stringify(r.json.remediation));
    assert.equal(critical.command, 'notion-sync init');
    assert.equal(r.json.categories.plans.local, 1);
    assert.equal(r.json.categories.reports.notion, 3, 'the readable database is still counted');
  });
});
