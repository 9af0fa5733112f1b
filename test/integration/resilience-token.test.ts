import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';

// Shaped like no known credential, so only the exact-value rule can catch it.
const TOKEN = 'plain-integration-credential-7f3a9c2e';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  return out;
}

describe("the product's own token never reaches an execution log or the local queue", () => {
  let h: Harness;
  let ws: string;
  before(async () => {
    h = await Harness.start({ token: TOKEN });
    ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'token-ws' }) });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  const PRINT = ['run', '--json', '--', 'node', '-e', `console.log('token is', process.env.NOTION_TOKEN, '${TOKEN}')`];

  test('a script printing $NOTION_TOKEN: the log row has no trace of it (name, command, body)', async () => {
    const r = await h.cli(PRINT, { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    const pageId = r.json.executionLogPageId as string;
    const page = await h.client().pages.retrieve({ page_id: pageId });
    const text = JSON.stringify(page) + JSON.stringify(await readTree(h.client(), pageId));
    assert.ok(text.includes('token is'), 'the output is there');
    assert.ok(!text.includes(TOKEN), 'the token is not');
    assert.ok(text.includes('[REDACTED:'));
  });

  test('with Notion down the queued log in the cache is redacted too, and so is the row it becomes', async () => {
    await h.sandbox.setOutage({ mode: 'refused' });
    const down = await h.cli(PRINT, { workspace: ws });
    await h.sandbox.setOutage(null);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(down.json.executionLogPageId ?? null, null, 'queued, not written');
    let cached = '';
    for (const f of await filesUnder(h.stateDir)) cached += await readFile(f, 'utf8');
    assert.ok(cached.includes('token is'), 'the queued log is in the cache');
    assert.ok(!cached.includes(TOKEN), 'without the token');

    const up = await h.cli(PRINT, { workspace: ws });
    assert.equal(up.code, 0, up.stderr);
    // Every Execution Logs row (the one sent from the queue included), properties and body.
    const cfg = JSON.parse(await readFile(join(ws, '.notion-sync.json'), 'utf8'));
    const db = (await h.client().databases.retrieve({ database_id: cfg.executionLogs.databaseId })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const rows = await h.client().dataSources.query({ data_source_id: db.data_sources[0]!.id, page_size: 100 });
    assert.equal(rows.results.length, 3, 'three runs, three rows');
    let all = JSON.stringify(rows.results);
    for (const row of rows.results) all += JSON.stringify(await readTree(h.client(), row.id));
    assert.ok(all.includes('token is'));
    assert.ok(!all.includes(TOKEN));
  });
});
