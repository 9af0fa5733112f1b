import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree, tempDir } from './helpers';
import { startSandbox } from '../../src/sandbox';
import { blocksToPlainText } from '../../src/core/content';
import { loadConfig } from '../../src/core/config';
import { runWithLog } from '../../src/core/sync';
import { PassThrough } from 'node:stream';

type Row = { id: string; properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function logRows(h: Harness, databaseId: string): Promise<Row[]> {
  const client = h.client();
  const db = (await client.databases.retrieve({ database_id: databaseId })) as unknown as {
    data_sources: Array<{ id: string }>;
  };
  const res = await client.dataSources.query({
    data_source_id: db.data_sources[0]!.id,
    sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
  });
  return res.results as unknown as Row[];
}

const text = (p: { rich_text?: Array<{ plain_text: string }>; title?: Array<{ plain_text: string }> }): string =>
  (p.rich_text ?? p.title ?? []).map((t) => t.plain_text).join('');

describe('notion-sync run: every script run leaves an execution log', () => {
  let h: Harness;
  let ws: string;
  let logsDb: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'run-ws' }),
      'scripts/ok.sh': '#!/bin/sh\n# Succeeds.\necho all good\n',
      'scripts/fail.sh': '#!/bin/sh\n# Fails with 3.\necho about to fail >&2\nexit 3\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    logsDb = init.json.databases.executionLogs;
  });
  after(async () => h?.close());

  async function lastRow(): Promise<Row> {
    const rows = await logRows(h, logsDb);
    return rows[rows.length - 1]!;
  }

  test('exit 0: success row linked to the script (synced first), CLI exits 0', async () => {
    const r = await h.cli(['run', '--script', 'scripts/ok.sh', '--json', '--', 'sh', 'scripts/ok.sh'], {
      workspace: ws,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.exitCode, 0);
    assert.match(r.stderr, /all good/, "the command's output still streams (to stderr under --json)");
    const row = await lastRow();
    assert.equal(row.id, r.json.executionLogPageId);
    const p = row.properties;
    assert.equal(p.Status.select.name, 'success');
    assert.equal(p['Exit Code'].number, 0);
    assert.equal(text(p.Command), 'sh scripts/ok.sh');
    assert.equal(text(p['Script Path']), 'scripts/ok.sh');
    assert.equal(p.Trigger.select.name, 'cli');
    assert.ok(p['Duration (s)'].number >= 0);
    assert.ok(p.Started.date.start <= p.Finished.date.start);
    assert.ok(text(p.Host).length > 0);
    assert.equal(p.Script.relation.length, 1, 'related to the script row');
    const status = await h.cli(['status', 'scripts/ok.sh', '--json'], { workspace: ws });
    assert.equal(p.Script.relation[0].id, status.json.items[0].pageId);
    assert.equal(status.json.items[0].state, 'synced');
    assert.match(blocksToPlainText(await readTree(h.client(), row.id)), /all good/);
  });

  test('exit 3: failed row, the CLI exits 3, stderr tail in the body', async () => {
    const r = await h.cli(['run', '--script', 'scripts/fail.sh', '--', 'sh', 'scripts/fail.sh'], { workspace: ws });
    assert.equal(r.code, 3);
    const row = await lastRow();
    assert.equal(row.properties.Status.select.name, 'failed');
    assert.equal(row.properties['Exit Code'].number, 3);
    assert.match(blocksToPlainText(await readTree(h.client(), row.id)), /about to fail/);
  });

  test('killed by a signal: SIGINT is "cancelled" with 130, SIGKILL "failed" with 137', async () => {
    let r = await h.cli(['run', '--', 'sh', '-c', 'kill -INT $$'], { workspace: ws });
    assert.equal(r.code, 130);
    let row = await lastRow();
    assert.equal(row.properties.Status.select.name, 'cancelled');
    assert.equal(row.properties['Exit Code'].number, 130);
    r = await h.cli(['run', '--', 'sh', '-c', 'kill -KILL $$'], { workspace: ws });
    assert.equal(r.code, 137);
    row = await lastRow();
    assert.equal(row.properties.Status.select.name, 'failed');
  });

  test('a secret in the output is redacted before it reaches Notion', async () => {
    const secret = 'ghp_' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8';
    const r = await h.cli(
      ['run', '--', 'sh', '-c', `echo "token=${secret}"; echo "API_KEY=sk-live-abcdef0123456789abcdef"`],
      { workspace: ws },
    );
    assert.equal(r.code, 0);
    assert.ok(!JSON.stringify(h.sandbox.state()).includes(secret));
    assert.ok(!JSON.stringify(h.sandbox.state()).includes('sk-live-abcdef0123456789abcdef'));
    assert.match(blocksToPlainText(await readTree(h.client(), (await lastRow()).id)), /\[REDACTED:/);
  });

  test('a command that does not exist exits 127 and is logged as failed', async () => {
    const r = await h.cli(['run', '--', 'definitely-not-a-command-xyz'], { workspace: ws });
    assert.equal(r.code, 127);
    assert.equal((await lastRow()).properties.Status.select.name, 'failed');
  });

  test('cancelling the run (the editor terminal) interrupts the command and still records it', async () => {
    const controller = new AbortController();
    const sink = new PassThrough();
    setTimeout(() => controller.abort(), 300);
    const report = await runWithLog(
      {
        config: await loadConfig(ws),
        token: h.sandbox.token,
        apiBaseUrl: h.sandbox.url,
        trigger: 'editor',
        signal: controller.signal,
        stateDir: h.stateDir,
        gateway: { rps: 0 },
      },
      { argv: ['sleep', '30'], stdout: sink, stderr: sink },
    );
    assert.equal(report.exitCode, 130);
    assert.equal(report.status, 'cancelled');
    const row = await lastRow();
    assert.equal(row.id, report.executionLogPageId);
    assert.equal(row.properties.Status.select.name, 'cancelled');
    assert.equal(row.properties.Trigger.select.name, 'editor');
  });

  test('no command is a usage error', async () => {
    assert.equal((await h.cli(['run'], { workspace: ws })).code, 2);
  });
});

describe('notion-sync run while Notion is down', () => {
  test('the run still happens, the row is queued and arrives with the next run', async () => {
    const dataFile = join(await tempDir('nws-sbdata-'), 'state.json');
    let sandbox = await startSandbox({ quiet: true, dataFile });
    const port = Number(new URL(sandbox.url).port);
    const h = new Harness(sandbox, await tempDir('nws-state-'), { NOTION_SYNC_MAX_RETRIES: '1' });
    const ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'down-ws' }) });
    const init = await h.cli(['init', '--parent-page', sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    await sandbox.close();

    const down = await h.cli(['run', '--json', '--', 'sh', '-c', 'echo offline run; exit 5'], { workspace: ws });
    assert.equal(down.code, 5, "the exit code is the command's even with Notion down");
    assert.equal(down.json.queued, true);
    assert.equal(down.json.executionLogPageId, null);

    sandbox = await startSandbox({ quiet: true, dataFile, port });
    const h2 = new Harness(sandbox, h.stateDir);
    try {
      const up = await h2.cli(['run', '--json', '--', 'sh', '-c', 'exit 0'], { workspace: ws });
      assert.equal(up.code, 0, up.stderr);
      assert.equal(up.json.queued, false);
      const rows = await logRows(h2, init.json.databases.executionLogs);
      const statuses = rows.map((r) => `${r.properties.Status.select.name}:${r.properties['Exit Code'].number}`);
      assert.deepEqual(statuses, ['failed:5', 'success:0'], 'the queued row arrived, once, before the new one');
      const again = await h2.cli(['run', '--json', '--', 'true'], { workspace: ws });
      assert.equal(again.code, 0);
      assert.equal((await logRows(h2, init.json.databases.executionLogs)).length, 3, 'the queue is not sent twice');
    } finally {
      await sandbox.close();
    }
  });
});
