import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, makeWorkspace, readTree } from './helpers';
import { markdownDocument, pythonScript, listNested } from '../fixtures/corpus';
import { blocksToPlainText, markdownToBlocks, scriptToBlocks, redactSecrets } from '../../src/core/content';

const LONG_PARAGRAPH = 'Long paragraph start. ' + 'lorem ipsum dolor sit amet '.repeat(185) + 'LONG-PARAGRAPH-END';
const LONG_CODE =
  '```js\n' +
  Array.from({ length: 200 }, (_, i) => `const value${i} = compute(${i}); // line ${i}`).join('\n') +
  '\n```';
const FAKE_SECRETS = {
  notion: 'ntn_4815162342abcdefABCDEF0123456789abcdefABCDEF',
  github: 'ghp_aBcD1234567890EfGhIjKlMnOpQrStUvWxYz12',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwx\nYzABCDEFGHIJKLMNOPQRSTUVWXYZ0987654321\n-----END RSA PRIVATE KEY-----',
  password: 'hunter2-very-secret-pw',
};

export function corpus(): Record<string, string | Buffer> {
  return {
    '.notion-sync.json': JSON.stringify({ workspaceName: 'itest' }),
    'plans/roadmap.md':
      '---\ntitle: Roadmap Q3\ntags: [roadmap, q3]\nstatus: active\n---\n# Roadmap\n\n' +
      listNested(5) +
      '\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nInline math $a^2+b^2=c^2$ and emoji 🚀 and CJK 数据同步测试。\n\n$$\n\\int_0^1 x\\,dx\n$$\n',
    'plans/long-text.md': `# Long text\n\n${LONG_PARAGRAPH}\n\n${LONG_CODE}\n`,
    'plans/secrets.md': `# Deploy notes\n\nToken: ${FAKE_SECRETS.notion}\n\nNOTION_PASSWORD=${FAKE_SECRETS.password}\n`,
    'reports/big-report.md': markdownDocument(450, 7, 'Big report'),
    'reports/weekly.md': '# Weekly\n\n- [x] done\n- [ ] todo\n\n> [!NOTE]\n> A note callout.\n',
    'scripts/job.py': pythonScript(400, 3, 'job'),
    'scripts/deploy.sh': `#!/bin/sh\n# Deploys the thing.\nexport GITHUB_TOKEN=${FAKE_SECRETS.github}\naws configure set aws_access_key_id ${FAKE_SECRETS.aws}\necho done\n`,
    'scripts/key.ts': `/** Signs requests. */\nconst key = \`${FAKE_SECRETS.pem}\`;\nexport default key;\n`,
  };
}

describe('sync against the sandbox through the real SDK', () => {
  let h: Harness;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace(corpus());
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(Object.keys(init.json.databases).sort(), [
      'agentChats',
      'executionLogs',
      'plans',
      'reports',
      'scripts',
    ]);
  });
  after(async () => h?.close());

  test("first sync creates one row per file, no request rejected, and every file's text is in its page", async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.json.created,
      8,
      JSON.stringify({ plan: r.json.plan, skipped: r.json.skipped, failures: r.json.failures }),
    );
    assert.equal(r.json.failed, 0);
    const stats = h.sandbox.stats();
    assert.deepEqual(Object.keys(stats.byStatus), ['200'], `every request accepted: ${JSON.stringify(stats.byStatus)}`);

    const status = await h.cli(['status', '--json'], { workspace: ws });
    const items = status.json.items as Array<{ path: string; state: string; pageId: string }>;
    assert.equal(items.length, 8);
    assert.ok(
      items.every((i) => i.state === 'synced'),
      JSON.stringify(items),
    );
    assert.equal(new Set(items.map((i) => i.pageId)).size, 8, 'one page per file');

    const client = h.client();
    for (const item of items) {
      const text = await readFile(join(ws, item.path), 'utf8');
      const redacted = redactSecrets(text).text;
      const expected = item.path.endsWith('.md')
        ? markdownToBlocks(redacted, { path: item.path }).blocks
        : scriptToBlocks(item.path, redacted).blocks;
      const actual = await readTree(client, item.pageId);
      assert.equal(blocksToPlainText(actual), blocksToPlainText(expected), `text of ${item.path} in its page`);
    }
    const longPage = await readTree(client, items.find((i) => i.path === 'plans/long-text.md')!.pageId);
    const plain = blocksToPlainText(longPage);
    assert.ok(plain.includes('LONG-PARAGRAPH-END') && plain.includes('const value199 = compute(199);'));
  });

  test('planted credentials appear nowhere in Notion', () => {
    const dump = JSON.stringify(h.sandbox.state());
    for (const [kind, secret] of Object.entries(FAKE_SECRETS)) {
      const probe = kind === 'pem' ? 'MIIEowIBAAKCAQEA1234567890' : secret;
      assert.ok(!dump.includes(probe), `${kind} secret leaked into the sandbox`);
    }
    assert.ok(dump.includes('[REDACTED:'), 'the redaction marker is visible');
  });

  test('a second sync with nothing changed writes nothing and reads only the paginated queries', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.unchanged, 8);
    const stats = h.sandbox.stats();
    assert.equal(stats.writes, 0, JSON.stringify(stats.byRoute));
    // One query per category database (each holds fewer than 100 rows of this workspace).
    assert.deepEqual(stats.byRoute, { 'POST /v1/data_sources/{id}/query': 4 });
  });

  test('dry run makes no write request and prints the plan with estimated calls', async () => {
    await writeFile(join(ws, 'plans/new-plan.md'), '# New plan\n\nSomething new.\n');
    h.sandbox.resetStats();
    const r = await h.cli(['sync', '--dry-run', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(h.sandbox.stats().writes, 0);
    assert.equal(r.json.dryRun, true);
    const entry = r.json.plan.find((p: { path: string }) => p.path === 'plans/new-plan.md');
    assert.deepEqual([entry.action, entry.estimatedCalls], ['create', 1]);
    const alias = await h.cli(['sync', '--validate-only'], { workspace: ws });
    assert.equal(alias.code, 0);
    assert.match(alias.stdout, /Dry run: nothing was written/);
    assert.equal(h.sandbox.stats().writes, 0);
    await rm(join(ws, 'plans/new-plan.md'));
  });

  test('one changed line in the ~450-block report costs at most 5 writes; an inserted paragraph too', async () => {
    const file = join(ws, 'reports/big-report.md');
    const original = await readFile(file, 'utf8');
    const lines = original.split('\n');
    const idx = lines.findIndex((l, i) => i > lines.length / 2 && /^[A-Z][a-z]+ .*\.$/.test(l));
    assert.ok(idx > 0);
    lines[idx] = lines[idx]!.replace(/\.$/, ' (edited).');
    await writeFile(file, lines.join('\n'));
    h.sandbox.resetStats();
    let r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.json.updated, 1, r.stderr);
    let writes = h.sandbox.stats().writes;
    assert.ok(writes <= 5 + 1, `one-line change: ${writes} writes including the execution log row`);
    assert.ok(writes - 1 <= 5);

    // Insert at a block boundary in the middle: an empty line outside any code fence.
    let at = Math.floor(lines.length / 2);
    const inFence = (i: number): boolean => lines.slice(0, i).filter((l) => l.startsWith('```')).length % 2 === 1;
    while (lines[at] !== '' || inFence(at)) at++;
    lines.splice(at, 0, '', 'A brand new paragraph inserted in the middle.', '');
    await writeFile(file, lines.join('\n'));
    h.sandbox.resetStats();
    r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.json.updated, 1, r.stderr);
    writes = h.sandbox.stats().writes - 1; // the execution log row is bookkeeping
    assert.ok(writes <= 5, `inserted paragraph: ${writes} writes`);
    assert.equal(
      h.sandbox.stats().byRoute['PATCH /v1/blocks/{id}/children'],
      1,
      'the new paragraph is one append after its neighbour',
    );

    const status = await h.cli(['status', 'reports/big-report.md', '--json'], { workspace: ws });
    const item = status.json.items[0];
    assert.equal(item.state, 'synced');
    const expected = markdownToBlocks(lines.join('\n'), { path: 'reports/big-report.md' }).blocks;
    assert.equal(
      blocksToPlainText(await readTree(h.client(), item.pageId)),
      blocksToPlainText(expected),
      'the diffed page equals the file',
    );
  });

  test('a page edited by a person is a conflict, left alone without --force, overwritten with it', async () => {
    const status = await h.cli(['status', 'reports/weekly.md', '--json'], { workspace: ws });
    const pageId = status.json.items[0].pageId;
    h.sandbox.advanceClock(120_000);
    h.sandbox.humanEdit({ pageId, appendParagraph: 'Added by a person in Notion.' });
    await writeFile(join(ws, 'reports/weekly.md'), '# Weekly\n\n- [x] done\n- [x] todo done now\n');

    const st = await h.cli(['status', 'reports/weekly.md', '--json'], { workspace: ws });
    assert.equal(st.json.items[0].state, 'conflict');
    h.sandbox.resetStats();
    let r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.json.conflicts, 1);
    assert.deepEqual(r.json.conflictPaths, ['reports/weekly.md']);
    assert.equal(h.sandbox.stats().writes, 0, 'nothing written over the person');
    const kept = blocksToPlainText(await readTree(h.client(), pageId));
    assert.match(kept, /Added by a person in Notion/);

    r = await h.cli(['sync', 'reports/weekly.md', '--force', '--json'], { workspace: ws });
    assert.equal(r.json.updated, 1, r.stderr);
    const now = blocksToPlainText(await readTree(h.client(), pageId));
    assert.doesNotMatch(now, /Added by a person/);
    assert.match(now, /todo done now/);
    const again = await h.cli(['status', 'reports/weekly.md', '--json'], { workspace: ws });
    assert.equal(again.json.items[0].state, 'synced');
  });

  test('a renamed file keeps its page', async () => {
    const before = await h.cli(['status', 'scripts/job.py', '--json'], { workspace: ws });
    const pageId = before.json.items[0].pageId;
    await rename(join(ws, 'scripts/job.py'), join(ws, 'scripts/batch_job.py'));
    const st = await h.cli(['status', '--json'], { workspace: ws });
    const moved = st.json.items.find((i: { path: string }) => i.path === 'scripts/batch_job.py');
    assert.equal(moved.state, 'modified');
    assert.match(moved.reason, /moved from scripts\/job\.py/);
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.json.created, 0);
    assert.equal(r.json.moved, 1);
    const after = await h.cli(['status', '--json'], { workspace: ws });
    const item = after.json.items.find((i: { path: string }) => i.path === 'scripts/batch_job.py');
    assert.equal(item.pageId, pageId);
    assert.equal(item.state, 'synced');
    assert.ok(!after.json.items.some((i: { state: string }) => i.state === 'orphaned'));
  });

  test('bad input is reported per file and the rest of the run completes', async () => {
    await makeWorkspace(
      {
        'plans/image.md': Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
          Buffer.alloc(64, 1),
        ]),
        'plans/latin1.md': Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
        'reports/huge.md': Buffer.alloc(20 * 1024 * 1024, 'a'),
        'reports/ok-too.md': '# Fine\n\nStill synced.\n',
      },
      ws,
    );
    const r = await h.cli(['sync', '--json'], { workspace: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.created, 1);
    const reasons = Object.fromEntries(r.json.skipped.map((s: { path: string; reason: string }) => [s.path, s.reason]));
    assert.match(reasons['plans/image.md'], /binary/i);
    assert.match(reasons['plans/latin1.md'], /UTF-8/i);
    assert.match(reasons['reports/huge.md'], /MiB|MB|bytes/);
    for (const f of ['plans/image.md', 'plans/latin1.md', 'reports/huge.md']) await rm(join(ws, f));
  });
});

describe('sync errors and exit codes', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  test('no token: status still counts the local side; sync exits 2 saying how to fix it', async () => {
    const ws = await makeWorkspace({ 'plans/a.md': '# A\n' });
    const st = await h.cli(['status', '--json'], { workspace: ws, env: { NOTION_TOKEN: undefined } });
    assert.equal(st.code, 0);
    assert.equal(st.json.items.length, 1);
    assert.equal(st.json.notion.configured, false);
    const r = await h.cli(['sync'], { workspace: ws, env: { NOTION_TOKEN: undefined } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /notion-sync init|--token|NOTION_TOKEN/);
  });

  test('a bad token exits 4', async () => {
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({
        categories: { plans: { databaseId: '0f7c4e3a-1111-4222-8333-944455556666' } },
      }),
      'plans/a.md': '# A\n',
    });
    const r = await h.cli(['sync'], { workspace: ws, env: { NOTION_TOKEN: 'ntn_wrong' } });
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /token/i);
  });

  test('a malformed configuration exits 2 naming the key and the fix', async () => {
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ categories: { plans: { include: 'plans/*.md' } } }),
    });
    const r = await h.cli(['status'], { workspace: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /categories\.plans\.include/);
    assert.match(r.stderr, /Fix:/);
  });

  test('unknown command and bad option exit 2', async () => {
    assert.equal((await h.cli(['frobnicate'])).code, 2);
    assert.equal((await h.cli(['sync', '--bogus'])).code, 2);
  });
});
