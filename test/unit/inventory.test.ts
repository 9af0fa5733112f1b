import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig, type SyncConfig } from '../../src/core/config';
import {
  classifyPath,
  InventoryPathError,
  readItemText,
  scanWorkspace,
  type Inventory,
} from '../../src/core/inventory';

const tmpRoots: string[] = [];
after(async () => {
  await Promise.all(tmpRoots.map((d) => rm(d, { recursive: true, force: true })));
});

type Tree = Record<string, string | Buffer>;

async function workspace(files: Tree, config?: object): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nsync-inv-'));
  tmpRoots.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
  if (config) await writeFile(path.join(dir, '.notion-sync.json'), JSON.stringify(config, null, 2));
  return dir;
}

async function scan(
  dir: string,
  options?: Parameters<typeof scanWorkspace>[1],
): Promise<{ inv: Inventory; config: SyncConfig }> {
  const config = await loadConfig(dir);
  return { inv: await scanWorkspace(config, options), config };
}

const paths = (inv: Inventory): string[] => inv.items.map((i) => `${i.category}:${i.path}`);
const skippedBy = (inv: Inventory): Record<string, string> =>
  Object.fromEntries(inv.skipped.map((s) => [s.path, s.code]));
const reasonOf = (inv: Inventory, p: string): string => inv.skipped.find((s) => s.path === p)?.reason ?? '';

describe('scanWorkspace: classification', () => {
  test('default categories, kinds, hashes and sizes', async () => {
    const dir = await workspace({
      'plans/q2.md': '# Q2\n',
      'plans/sub/deep/idea.md': '# Idea\n',
      'plans/notes.txt': 'not markdown',
      'reports/w14.md': '# Week 14\n',
      'scripts/a.py': 'print(1)\n',
      'scripts/tools/b.sh': 'echo hi\n',
      'scripts/c.ts': 'export {};\n',
      'scripts/d.ps1': 'Write-Host hi\n',
      'scripts/e.rb': 'puts 1\n',
      'scripts/f.go': 'package main\n',
      'scripts/g.js': 'console.log(1)\n',
      'scripts/readme.md': '# not a script\n',
      'agent-chats/2025-04-01.md': '# chat\n',
      '.specstory/history/2025-04-02_session.md': '# specstory\n',
      '.specstory/other/x.md': '# not history\n',
      'README.md': '# root readme\n',
      'src/index.ts': 'export {};\n',
    });
    const { inv } = await scan(dir);
    assert.deepEqual(paths(inv), [
      'plans:plans/q2.md',
      'plans:plans/sub/deep/idea.md',
      'reports:reports/w14.md',
      'scripts:scripts/a.py',
      'scripts:scripts/c.ts',
      'scripts:scripts/d.ps1',
      'scripts:scripts/e.rb',
      'scripts:scripts/f.go',
      'scripts:scripts/g.js',
      'scripts:scripts/tools/b.sh',
      'agentChats:.specstory/history/2025-04-02_session.md',
      'agentChats:agent-chats/2025-04-01.md',
    ]);
    assert.deepEqual(inv.skipped, []);
    const q2 = inv.items[0];
    assert.equal(q2.kind, 'markdown');
    assert.equal(q2.size, 5);
    assert.equal(q2.absPath, path.join(dir, 'plans', 'q2.md'));
    assert.equal(q2.hash, createHash('sha256').update('# Q2\n').digest('hex'));
    assert.ok(q2.mtimeMs > 0);
    assert.equal(inv.items.find((i) => i.path === 'scripts/a.py')?.kind, 'script');
    assert.equal(inv.scannedFiles, 17, 'every file in reachable folders is looked at once');
  });

  test('extra category; first match in config order wins; per-category exclude falls through', async () => {
    const dir = await workspace(
      {
        'plans/a.md': '# a\n',
        'plans/drafts/b.md': '# b\n',
        'docs/guide.mdx': '# guide\n',
        'docs/deep/x.markdown': '# x\n',
        'reports/r.md': '# r\n',
        'reports/secret/s.md': '# s\n',
      },
      {
        categories: {
          plans: { exclude: ['plans/drafts/**'] },
          reports: { exclude: ['**/secret/**'] },
          docs: { include: ['**/*.{md,mdx,markdown}'], exclude: ['reports/secret/**'] },
        },
      },
    );
    const { inv, config } = await scan(dir);
    assert.deepEqual(paths(inv), [
      'plans:plans/a.md',
      'reports:reports/r.md',
      'docs:docs/deep/x.markdown',
      'docs:docs/guide.mdx',
      'docs:plans/drafts/b.md',
    ]);
    assert.equal(inv.items.find((i) => i.path === 'docs/guide.mdx')?.kind, 'markdown');
    assert.equal(classifyPath(config, 'reports/secret/s.md'), undefined);
    assert.equal(classifyPath(config, 'plans/drafts/b.md'), 'docs');
  });

  test('node_modules and .git are pruned, never entered (scannedFiles proves it)', async () => {
    const tree: Tree = {
      'plans/a.md': '# a\n',
      'plans/node_modules/pkg/readme.md': '# pkg\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'plans/.git/x.md': '# x\n',
    };
    for (let i = 0; i < 300; i++) tree[`node_modules/pkg${i % 10}/file${i}.md`] = 'x';
    for (let i = 0; i < 50; i++) tree[`scripts/node_modules/dep/f${i}.js`] = 'x';
    const dir = await workspace(tree, { exclude: ['build/**'] });
    // A FIFO inside node_modules would hang a reader that wrongly descended and opened it.
    execFileSync('mkfifo', [path.join(dir, 'node_modules', 'pkg0', 'trap.md')]);
    await mkdir(path.join(dir, 'build'), { recursive: true });
    await writeFile(path.join(dir, 'build', 'out.md'), 'x');
    const { inv } = await scan(dir);
    assert.deepEqual(paths(inv), ['plans:plans/a.md']);
    assert.equal(inv.scannedFiles, 2, 'plans/a.md and .notion-sync.json only');
  });

  test('classifyPath is pure and agrees with the scan rules', async () => {
    const config = await loadConfig(await workspace({}));
    assert.equal(classifyPath(config, 'plans/a.md'), 'plans');
    assert.equal(classifyPath(config, './plans\\win\\b.md'), 'plans');
    assert.equal(classifyPath(config, 'plans/a.txt'), undefined);
    assert.equal(classifyPath(config, 'node_modules/plans/a.md'), undefined);
    assert.equal(classifyPath(config, 'plans/node_modules/a.md'), undefined);
    assert.equal(classifyPath(config, 'plans/inbox/a.md'), undefined, 'trigger files are not items');
    assert.equal(classifyPath(config, 'scripts/x.py'), 'scripts');
    assert.equal(classifyPath(config, '.specstory/history/s.md'), 'agentChats');
    // Mutating the config after a first call is noticed.
    config.categories.plans.include = ['elsewhere/**'];
    assert.equal(classifyPath(config, 'plans/a.md'), undefined);
    assert.equal(classifyPath(config, 'elsewhere/a.md'), 'plans');
  });
});

describe('scanWorkspace: bad input is skipped with a reason', () => {
  test('binary, invalid UTF-8, UTF-16 are skipped; empty and whitespace-only files are items', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const dir = await workspace({
      'plans/image.md': png,
      'plans/nul.md': Buffer.concat([Buffer.from('# title\nsome text'), Buffer.from([0]), Buffer.from('more')]),
      'plans/latin1.md': Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\nline two\n')]),
      'plans/utf16.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# hi\n', 'utf16le')]),
      'plans/empty.md': '',
      'plans/blank.md': ' \n\t\r\n',
      'plans/bom-only.md': Buffer.from([0xef, 0xbb, 0xbf]),
      'plans/ok.md': '# fine — naïve café ✓\n',
    });
    const { inv } = await scan(dir);
    assert.deepEqual(paths(inv), [
      'plans:plans/blank.md',
      'plans:plans/bom-only.md',
      'plans:plans/empty.md',
      'plans:plans/ok.md',
    ]);
    assert.deepEqual(skippedBy(inv), {
      'plans/image.md': 'binary',
      'plans/latin1.md': 'invalid-utf8',
      'plans/nul.md': 'binary',
      'plans/utf16.md': 'invalid-utf8',
    });
    assert.match(reasonOf(inv, 'plans/image.md'), /PNG image/);
    assert.match(reasonOf(inv, 'plans/nul.md'), /NUL byte at offset 17/);
    assert.match(reasonOf(inv, 'plans/latin1.md'), /not valid UTF-8: bad byte 0xe9 at offset 5 \(line 1\)/);
    assert.match(reasonOf(inv, 'plans/utf16.md'), /UTF-16 LE, not UTF-8/);
    for (const s of inv.skipped) assert.equal(s.category, 'plans');
  });

  test('a 20 MB file is too large with the default limit; the reason names size, limit and key', async () => {
    const dir = await workspace({ 'reports/small.md': '# ok\n' });
    const big = path.join(dir, 'reports', 'huge.md');
    await writeFile(big, '');
    await truncate(big, 20 * 1024 * 1024);
    const { inv } = await scan(dir);
    assert.deepEqual(paths(inv), ['reports:reports/small.md']);
    assert.equal(skippedBy(inv)['reports/huge.md'], 'too-large');
    assert.equal(
      reasonOf(inv, 'reports/huge.md'),
      '20.0 MiB is over the 2.0 MiB limit; raise maxFileBytes in .notion-sync.json (currently 2097152) to sync it',
    );

    await writeFile(path.join(dir, '.notion-sync.json'), JSON.stringify({ maxFileBytes: 4 }));
    const again = await scan(dir);
    assert.equal(skippedBy(again.inv)['reports/small.md'], 'too-large', 'the configured limit applies');
  });

  test('unreadable: broken symlink, symlink loop, FIFO, symlink out of the workspace', async () => {
    const outside = await workspace({ 'secret.md': '# outside\n' });
    const dir = await workspace({ 'plans/ok.md': '# ok\n', 'plans/target.md': '# target\n' });
    await symlink(path.join(dir, 'plans', 'missing.md'), path.join(dir, 'plans', 'dangling.md'));
    await symlink('loop.md', path.join(dir, 'plans', 'loop.md'));
    execFileSync('mkfifo', [path.join(dir, 'plans', 'pipe.md')]);
    await symlink(path.join(outside, 'secret.md'), path.join(dir, 'plans', 'outside.md'));
    await symlink('target.md', path.join(dir, 'plans', 'alias.md'));
    const { inv } = await scan(dir);
    assert.deepEqual(
      paths(inv),
      ['plans:plans/alias.md', 'plans:plans/ok.md', 'plans:plans/target.md'],
      'a symlink inside the workspace is read',
    );
    assert.deepEqual(skippedBy(inv), {
      'plans/dangling.md': 'unreadable',
      'plans/loop.md': 'unreadable',
      'plans/outside.md': 'unreadable',
      'plans/pipe.md': 'unreadable',
    });
    assert.match(reasonOf(inv, 'plans/dangling.md'), /broken symbolic link: ENOENT: no such file or directory/);
    assert.match(reasonOf(inv, 'plans/loop.md'), /ELOOP/);
    assert.match(reasonOf(inv, 'plans/pipe.md'), /not a regular file \(named pipe\)/);
    assert.match(reasonOf(inv, 'plans/outside.md'), /outside the workspace/);
  });

  test('symlinked folders: followed inside the workspace, not outside, never in a loop', async () => {
    const outside = await workspace({ 'plans/far.md': '# far\n' });
    const dir = await workspace({ 'docs/plans/real.md': '# real\n' });
    await symlink(path.join(dir, 'docs', 'plans'), path.join(dir, 'plans'));
    await mkdir(path.join(dir, 'reports'));
    await symlink(path.join(outside, 'plans'), path.join(dir, 'reports', 'external'));
    await symlink('..', path.join(dir, 'docs', 'plans', 'up'));
    const { inv } = await scan(dir);
    assert.deepEqual(paths(inv), ['plans:plans/real.md']);
    assert.deepEqual(skippedBy(inv), { 'plans/up': 'unreadable', 'reports/external': 'unreadable' });
    assert.match(reasonOf(inv, 'reports/external'), /outside the workspace; not followed/);
    assert.match(reasonOf(inv, 'plans/up'), /symbolic link loop: points back to the folder "docs"/);
  });
});

describe('readItemText', () => {
  test('strips the BOM and normalises CRLF; the hash is of the raw bytes', async () => {
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('# Title\r\n\r\n- one\r\n- two\r\nlast line'),
    ]);
    const dir = await workspace({ 'plans/win.md': raw });
    const { inv } = await scan(dir);
    assert.equal(inv.items.length, 1);
    assert.equal(inv.items[0].hash, createHash('sha256').update(raw).digest('hex'));
    assert.equal(inv.items[0].size, raw.length);
    assert.equal(await readItemText(inv.items[0]), '# Title\n\n- one\n- two\nlast line');
  });
});

describe('scanWorkspace: trigger files', () => {
  test('counts by state, stale inbox files oldest first, and never makes them items', async () => {
    const now = Date.UTC(2025, 3, 10, 12, 0, 0);
    const dir = await workspace({
      'inbox/new.json': '{}',
      'inbox/old.json': '{}',
      'inbox/older.txt': 'x',
      'inbox/nested/deeper.bin': Buffer.from([0, 1, 2]),
      'processed/a.json': '{}',
      'processed/b.json': '{}',
      'jobs/processed/c.json': '{}',
      'failed/d.json': '{}',
      'plans/inbox/idea.md': '# an idea waiting in a plans inbox\n',
      'plans/real.md': '# real\n',
    });
    const setAge = async (rel: string, hours: number): Promise<void> => {
      const t = (now - hours * 3_600_000) / 1000;
      await utimes(path.join(dir, rel), t, t);
    };
    await setAge('inbox/new.json', 1);
    await setAge('inbox/old.json', 30);
    await setAge('inbox/older.txt', 72);
    await setAge('inbox/nested/deeper.bin', 23.5);
    await setAge('plans/inbox/idea.md', 48);
    await setAge('processed/a.json', 500);
    const { inv } = await scan(dir, { now });
    assert.deepEqual(paths(inv), ['plans:plans/real.md']);
    assert.deepEqual(inv.skipped, [], 'trigger files are never read, so never skipped');
    assert.equal(inv.triggers.inbox, 5);
    assert.equal(inv.triggers.processed, 3);
    assert.equal(inv.triggers.failed, 1);
    assert.deepEqual(
      inv.triggers.stale.map((t) => [t.path, t.ageHours]),
      [
        ['inbox/older.txt', 72],
        ['plans/inbox/idea.md', 48],
        ['inbox/old.json', 30],
      ],
    );
    assert.deepEqual(
      inv.triggers.files.map((t) => `${t.state}:${t.path}`),
      [
        'failed:failed/d.json',
        'inbox:inbox/nested/deeper.bin',
        'inbox:inbox/new.json',
        'inbox:inbox/old.json',
        'inbox:inbox/older.txt',
        'processed:jobs/processed/c.json',
        'inbox:plans/inbox/idea.md',
        'processed:processed/a.json',
        'processed:processed/b.json',
      ],
    );
    assert.equal(inv.triggers.files.find((t) => t.path === 'inbox/new.json')?.mtimeMs, now - 3_600_000);

    await writeFile(path.join(dir, '.notion-sync.json'), JSON.stringify({ triggerFiles: { staleAfterHours: 0.5 } }));
    const again = await scan(dir, { now });
    assert.equal(again.inv.triggers.stale.length, 5, 'staleAfterHours comes from the config');
  });
});

describe('scanWorkspace: options', () => {
  test('paths limits the scan to files and folders; missing ones are reported; outside ones throw', async () => {
    const dir = await workspace({
      'plans/a.md': '# a\n',
      'plans/sub/b.md': '# b\n',
      'reports/r.md': '# r\n',
      'reports/empty.md': '',
      'scripts/x.py': 'print(1)\n',
      'inbox/j.json': '{}',
      'node_modules/plans/z.md': '# z\n',
    });
    let { inv } = await scan(dir, { paths: ['plans/sub', 'reports/'] });
    assert.deepEqual(paths(inv), ['plans:plans/sub/b.md', 'reports:reports/empty.md', 'reports:reports/r.md']);
    assert.deepEqual(skippedBy(inv), {});
    assert.equal(inv.triggers.inbox, 0, 'trigger files outside the given paths are not counted');

    ({ inv } = await scan(dir, {
      paths: ['./scripts/x.py', path.join(dir, 'plans', 'a.md'), 'plans/nope.md', 'node_modules/plans/z.md', 'inbox'],
    }));
    assert.deepEqual(paths(inv), ['plans:plans/a.md', 'scripts:scripts/x.py']);
    assert.deepEqual(inv.notFound, ['plans/nope.md']);
    assert.equal(inv.triggers.inbox, 1);

    ({ inv } = await scan(dir, { paths: ['plans', 'plans/sub/b.md', '.'] }));
    assert.equal(inv.items.length, 5, '"." means the whole workspace, and overlapping paths count once');

    await assert.rejects(scan(dir, { paths: ['../elsewhere'] }), InventoryPathError);
    await assert.rejects(scan(dir, { paths: [path.join(path.dirname(dir), 'elsewhere')] }), InventoryPathError);
  });

  test('an aborted signal rejects with AbortError, before and during the scan', async () => {
    const tree: Tree = {};
    for (let i = 0; i < 600; i++) tree[`plans/d${i % 20}/p${i}.md`] = `# plan ${i}\n`;
    const dir = await workspace(tree);
    const config = await loadConfig(dir);
    await assert.rejects(scanWorkspace(config, { signal: AbortSignal.abort() }), { name: 'AbortError' });

    const ac = new AbortController();
    const pending = scanWorkspace(config, { signal: ac.signal });
    setImmediate(() => ac.abort());
    await assert.rejects(pending, { name: 'AbortError' });

    const done = await scanWorkspace(config, { signal: new AbortController().signal });
    assert.equal(done.items.length, 600, 'an unaborted signal changes nothing');
  });
});

describe('examples/demo-workspace', () => {
  test('inventories as documented', async () => {
    const root = path.resolve(import.meta.dirname, '../../examples/demo-workspace');
    const config = await loadConfig(root);
    assert.deepEqual(config.warnings, []);
    assert.equal(config.workspaceName, 'demo-workspace');
    assert.equal(config.parentPageId, undefined);
    assert.ok(Object.values(config.categories).every((c) => c.databaseId === undefined));
    const inv = await scanWorkspace(config, { now: Date.now() });
    assert.deepEqual(inv.skipped, []);
    const count = (c: string): number => inv.items.filter((i) => i.category === c).length;
    assert.equal(count('plans'), 4);
    assert.equal(count('reports'), 3);
    assert.equal(count('scripts'), 4);
    assert.deepEqual(
      new Set(inv.items.filter((i) => i.category === 'scripts').map((i) => path.extname(i.path))),
      new Set(['.py', '.sh', '.ts', '.ps1']),
    );
    assert.ok(!inv.items.some((i) => i.path === 'README.md'));
    assert.deepEqual([inv.triggers.inbox, inv.triggers.processed, inv.triggers.failed], [2, 3, 1]);
  });
});
