// The npm package: `npm pack` gives a tarball whose `notion-sync` runs after a plain install into an
// empty folder (no dev dependencies, no network), and syncs a workspace against the sandbox.
// Also: the demo's log has no escape codes when it is not a terminal.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Harness, makeWorkspace, tempDir } from './helpers';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs a program without blocking this process (the sandbox answers from here). */
function exec(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('the packed CLI', () => {
  let h: Harness;
  let installDir: string;
  let bin: string;
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  before(async () => {
    h = await Harness.start();
    const packDir = await tempDir('nws-pack-');
    const pack = await exec('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: ROOT });
    assert.equal(pack.code, 0, pack.stderr);
    const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    assert.ok(tgz, 'a tarball was written');
    installDir = await tempDir('nws-install-');
    const install = await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packDir, tgz!)], {
      cwd: installDir,
    });
    assert.equal(install.code, 0, install.stderr);
    bin = join(installDir, 'node_modules', '.bin', 'notion-sync');
  });
  after(async () => h?.close());

  test('installs into an empty folder with nothing but itself, and prints its version', async () => {
    assert.ok(existsSync(bin), 'node_modules/.bin/notion-sync');
    const installed = readdirSync(join(installDir, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.deepEqual(installed, ['notion-workspace-sync'], 'no dependency came with it');
    const files = readdirSync(join(installDir, 'node_modules', 'notion-workspace-sync', 'dist')).sort();
    assert.deepEqual(files, ['cli.js', 'sql-wasm.wasm']);
    const r = await exec(bin, ['--version'], { cwd: installDir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), version);
  });

  test('the installed notion-sync initializes and syncs a workspace against the sandbox', async () => {
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'packed-ws' }),
      'plans/a.md': '# A\n\nAlpha.\n',
      'scripts/s.sh': 'echo hi\n',
    });
    const env = { ...process.env, ...h.env() };
    const init = await exec(bin, ['init', '--parent-page', h.sandbox.rootPageId, '--json'], { cwd: ws, env });
    assert.equal(init.code, 0, init.stderr);
    const sync = await exec(bin, ['sync', '--json'], { cwd: ws, env });
    assert.equal(sync.code, 0, sync.stderr);
    const doc = JSON.parse(sync.stdout);
    assert.equal(doc.created, 2);
    assert.equal(doc.failed, 0);
    assert.ok(!sync.stderr.includes('\u001b'), 'no escape codes on a pipe');
  });

  test('the demo writes no escape codes into a log (stderr not a terminal)', async () => {
    const ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'demo-log' }),
      'plans/a.md': '# A\n\nAlpha.\n',
    });
    // No NOTION_TOKEN: the demo starts its own sandbox.
    const env: NodeJS.ProcessEnv = { ...process.env, NOTION_SYNC_STATE_DIR: await tempDir('nws-state-') };
    delete env.NOTION_TOKEN;
    delete env.NOTION_API_BASE_URL;
    const r = await exec(process.execPath, [join(ROOT, 'tools/demo.mjs'), ws], { cwd: ROOT, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /▶ notion-sync sync/);
    assert.ok(!r.stderr.includes('\u001b') && !r.stdout.includes('\u001b'), JSON.stringify(r.stderr.slice(0, 300)));
    assert.match(await readFile(join(ROOT, '.demo', 'audit.md'), 'utf8'), /Notion sync audit — demo-log/);
  });
});
