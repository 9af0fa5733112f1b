import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { markdownDocument, pythonScript, listNested } from '../fixtures/corpus';
import { blocksToPlainText, markdownToBlocks, scriptToBlocks } from '../../src/core/content';

/** Every row of a data source, this workspace or not, trashed rows aside. */
async function allRows(h: Harness, databaseId: string): Promise<Array<{ id: string; path: string }>> {
  const client = h.client();
  const db = (await client.databases.retrieve({ database_id: databaseId })) as unknown as {
    data_sources: Array<{ id: string }>;
  };
  const rows: Array<{ id: string; path: string }> = [];
  let cursor: string | undefined;
  do {
    const res = await client.dataSources.query({
      data_source_id: db.data_sources[0]!.id,
      start_cursor: cursor,
      page_size: 100,
    });
    for (const p of res.results as Array<{
      id: string;
      properties: Record<string, { rich_text?: Array<{ plain_text: string }> }>;
    }>) {
      rows.push({ id: p.id, path: (p.properties.Path?.rich_text ?? []).map((t) => t.plain_text).join('') });
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return rows;
}

describe('sync under injected faults converges without duplicates or gaps', () => {
  let h: Harness;
  after(async () => h?.close());

  test('429, 5xx, connection resets and applied-then-500 on every route', async () => {
    h = await Harness.start();
    const files: Record<string, string> = {
      'plans/a.md': markdownDocument(60, 1, 'Plan A'),
      'plans/b.md': markdownDocument(180, 2, 'Plan B'),
      'plans/nested.md': `# Nested\n\n${listNested(6)}\n`,
      'reports/r1.md': markdownDocument(250, 3, 'Report 1'),
      'reports/r2.md': markdownDocument(20, 4, 'Report 2'),
      'scripts/s1.py': pythonScript(300, 5, 's1'),
      'scripts/s2.py': pythonScript(40, 6, 's2'),
    };
    const ws = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'faulty' }), ...files });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);

    h.sandbox.setFaults(
      'seed=11,rate=0.25,kinds=429:500:502:503:504:reset:applied500;every=4,kinds=applied500,methods=POST:PATCH,count=6',
    );
    let runs = 0;
    let last = await h.cli(['sync', '--json'], { workspace: ws });
    runs++;
    while (last.code !== 0 && runs < 12) {
      last = await h.cli(['sync', '--json'], { workspace: ws });
      runs++;
    }
    const injected = h.sandbox.stats().faults;
    h.sandbox.setFaults(null);
    assert.equal(last.code, 0, `did not converge in ${runs} runs: ${last.stdout.slice(0, 2000)}`);
    assert.ok(injected.total >= 10, `faults were injected: ${JSON.stringify(injected)}`);
    assert.ok((injected.byKind.applied500 ?? 0) > 0, `applied-then-500 happened: ${JSON.stringify(injected)}`);

    // A final clean pass changes nothing: the faulty runs already reached the end state.
    const clean = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(clean.code, 0);
    assert.equal(clean.json.created + clean.json.updated, 0, JSON.stringify(clean.json.plan));

    for (const [key, id] of Object.entries(init.json.databases as Record<string, string>)) {
      if (key === 'agentChats' || key === 'executionLogs') continue;
      const rows = await allRows(h, id);
      const paths = rows.map((r) => r.path).sort();
      assert.deepEqual(paths, [...new Set(paths)], `no duplicate rows in ${key}`);
      assert.deepEqual(
        paths,
        Object.keys(files)
          .filter((f) => f.startsWith(key))
          .sort(),
        `nothing missing in ${key}`,
      );
    }
    const status = await h.cli(['status', '--json'], { workspace: ws });
    for (const item of status.json.items) {
      assert.equal(item.state, 'synced', item.path);
      const text = await readFile(join(ws, item.path), 'utf8');
      const expected = item.path.endsWith('.md')
        ? markdownToBlocks(text).blocks
        : scriptToBlocks(item.path, text).blocks;
      assert.equal(
        blocksToPlainText(await readTree(h.client(), item.pageId)),
        blocksToPlainText(expected),
        `content of ${item.path}`,
      );
    }
  });
});
