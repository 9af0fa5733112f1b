// The CLI's outside conventions (CONTRACT.md §3): help, global options, --version, JSON errors,
// exit codes for every failure path, and no escape codes where they do not belong.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { COMMANDS } from '../../src/cli/commands';
import { GLOBAL_OPTIONS, VERSION, runCli } from '../../src/cli/run';
import { Harness, makeWorkspace, tempDir } from './helpers';
import type { CliResult } from './helpers';

const ROOT = resolve(import.meta.dirname, '../..');
/** A port nothing listens on: connection refused at once. */
const DEAD_URL = 'http://127.0.0.1:9';

function assertJsonError(r: CliResult, code: number, errorCode?: string): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  assert.ok(r.json, `stdout is one JSON document: ${r.stdout}`);
  assert.equal(typeof r.json.error?.message, 'string', r.stdout);
  assert.ok(r.json.error.message.length > 0);
  assert.equal(typeof r.json.error.fix, 'string');
  assert.equal(typeof r.json.error.code, 'string');
  if (errorCode) assert.equal(r.json.error.code, errorCode, r.stdout);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('CLI conventions', () => {
  let h: Harness;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'conv-ws' }),
      'plans/a.md': '# A\n\nAlpha.\n',
      'reports/r.md': '# R\n\nReport.\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => h?.close());

  test('every command has --help that describes every option, --validate-only included', async () => {
    for (const c of COMMANDS) {
      const r = await h.cli([...c.name.split(' '), '--help']);
      assert.equal(r.code, 0, c.name);
      assert.match(r.stdout, new RegExp(`^Usage: notion-sync ${c.name}`), c.name);
      for (const [name, o] of Object.entries({ ...c.options, ...GLOBAL_OPTIONS })) {
        assert.ok(o.description.length > 10, `${c.name} --${name} has a description`);
        const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(`--${name}`));
        assert.ok(line?.includes(o.description), `${c.name} --help describes --${name}`);
      }
    }
    assert.equal((await h.cli(['help', 'audit'])).stdout, (await h.cli(['audit', '--help'])).stdout);
    assert.match((await h.cli(['help', 'chats', 'capture'])).stdout, /^Usage: notion-sync chats capture/);
    const sync = await h.cli(['sync', '-h']);
    assert.match(sync.stdout, /--validate-only\s+the same as --dry-run/);
  });

  test('chats --help lists its subcommands; "chats" alone is a usage error', async () => {
    const help = await h.cli(['chats', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /chats list/);
    assert.match(help.stdout, /chats capture/);
    const bare = await h.cli(['chats', '--json']);
    assertJsonError(bare, 2, 'usage');
    const main = await h.cli(['--help']);
    assert.equal(main.code, 0);
    for (const c of COMMANDS) assert.ok(main.stdout.includes(c.name.split(' ')[0]!), c.name);
    assert.match(main.stdout, /130\s+interrupted/);
  });

  test('--version before or after a command, as text or JSON', async () => {
    assert.equal((await h.cli(['--version'])).stdout, `${VERSION}\n`);
    assert.equal((await h.cli(['status', '--version'])).stdout, `${VERSION}\n`);
    const j = await h.cli(['--json', '--version']);
    assert.deepEqual(j.json, { version: VERSION });
  });

  test('global options are accepted before the command (and between "chats" and its subcommand)', async () => {
    const after = await h.cli(['status', '--json', '--workspace', ws]);
    const before = await h.cli(['--json', '--workspace', ws, 'status']);
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(
      before.json.items.map((i: { path: string; state: string }) => `${i.path}:${i.state}`),
      after.json.items.map((i: { path: string; state: string }) => `${i.path}:${i.state}`),
    );
    assert.equal(before.json.items.length, 2);
    const chats = await h.cli(['--workspace', ws, 'chats', '--json', 'list'], {
      env: { HOME: await tempDir('nws-home-') },
    });
    assert.equal(chats.code, 0, chats.stderr);
    assert.deepEqual(chats.json.sessions, []);
  });

  test('usage errors under --json: unknown command, unknown option, missing choice — exit 2', async () => {
    assertJsonError(await h.cli(['frobnicate', '--json']), 2, 'usage');
    assertJsonError(await h.cli(['sync', '--nope', '--json'], { workspace: ws }), 2, 'usage');
    assertJsonError(await h.cli(['prune', '--json'], { workspace: ws }), 2, 'usage');
    assertJsonError(await h.cli(['sync', '--category', 'nope', '--json'], { workspace: ws }), 2, 'usage');
    const human = await h.cli(['frobnicate']);
    assert.equal(human.code, 2);
    assert.equal(human.stdout, '');
    assert.match(human.stderr, /Unknown command "frobnicate"/);
  });

  test('a path outside the workspace is a usage error (2) with a message, no stack trace', async () => {
    for (const json of [true, false]) {
      const r = await h.cli(['sync', '../outside.md', ...(json ? ['--json'] : [])], { workspace: ws });
      assert.equal(r.code, 2, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      if (json) assertJsonError(r, 2, 'usage');
      else assert.match(r.stderr, /outside the workspace/);
    }
    const st = await h.cli(['status', '/etc/passwd', '--json'], { workspace: ws });
    assertJsonError(st, 2, 'usage');
  });

  test('configuration errors: a broken .notion-sync.json or a malformed --api-base-url exit 2, never 0', async () => {
    const broken = await makeWorkspace({ '.notion-sync.json': '{ "categories": ' });
    assertJsonError(await h.cli(['status', '--json'], { workspace: broken }), 2, 'config');
    for (const url of ['not a url', 'ftp://x', 'http//127.0.0.1']) {
      const st = await h.cli(['status', '--json', '--api-base-url', url], { workspace: ws });
      assertJsonError(st, 2, 'config');
      assert.equal(st.json.items, undefined, 'no item is reported, so none is "new"');
    }
    const env = await h.cli(['status', '--json'], { workspace: ws, env: { NOTION_API_BASE_URL: '::' } });
    assertJsonError(env, 2, 'config');
  });

  test('a refused token: status, audit, sync, chats capture exit 4 with an auth error', async () => {
    const env = { NOTION_TOKEN: 'secret_refused', NOTION_SYNC_STATE_DIR: await tempDir('nws-state-') };
    for (const args of [['status'], ['audit'], ['sync'], ['chats', 'capture', '--all'], ['chats', 'list']]) {
      const r = await h.cli([...args, '--json'], { workspace: ws, env: { ...env, HOME: await tempDir('nws-home-') } });
      assertJsonError(r, 4, 'auth');
      if (args[0] === 'status')
        assert.ok(
          r.json.items.every((i: { state: string }) => i.state === 'error'),
          JSON.stringify(r.json.items),
        );
    }
    const human = await h.cli(['status'], { workspace: ws, env });
    assert.equal(human.code, 4);
  });

  test('Notion unreachable: status with no cache, audit, sync and chats capture exit 1, never call items "new"', async () => {
    const env = {
      NOTION_API_BASE_URL: DEAD_URL,
      NOTION_SYNC_STATE_DIR: await tempDir('nws-state-'),
      NOTION_SYNC_MAX_RETRIES: '1',
      HOME: await tempDir('nws-home-'),
    };
    const st = await h.cli(['status', '--json'], { workspace: ws, env });
    assertJsonError(st, 1, 'unreachable');
    assert.equal(st.json.items.length, 2);
    for (const i of st.json.items) {
      assert.equal(i.state, 'error', JSON.stringify(i));
      assert.ok(i.reason);
    }
    for (const args of [['audit'], ['sync'], ['chats', 'capture', '--all']]) {
      const r = await h.cli([...args, '--json'], { workspace: ws, env });
      assertJsonError(r, 1, 'unreachable');
    }
    const human = await h.cli(['status'], { workspace: ws, env });
    assert.equal(human.code, 1);
    assert.doesNotMatch(human.stdout, /\bnew\b/);
  });

  test('Notion answering 503: chats capture exits 1 with a JSON error', async () => {
    h.sandbox.setFaults('kinds=503');
    try {
      const home = await tempDir('nws-home-');
      const r = await h.cli(['chats', 'capture', '--all', '--json'], {
        workspace: ws,
        env: { HOME: home, NOTION_SYNC_STATE_DIR: await tempDir('nws-state-'), NOTION_SYNC_MAX_RETRIES: '1' },
      });
      assertJsonError(r, 1, 'unreachable');
    } finally {
      h.sandbox.setFaults(null);
    }
  });

  test('an unexpected exception is a JSON error too (exit 1), with no stack trace unless --verbose', async () => {
    let writes = 0;
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const realWrite = stdout.write.bind(stdout);
    stdout.write = ((chunk: string) => {
      if (writes++ === 0) throw new Error('disk full');
      return realWrite(chunk);
    }) as typeof stdout.write;
    const stderr = new PassThrough();
    const errChunks: Buffer[] = [];
    stderr.on('data', (c: Buffer) => errChunks.push(c));
    const code = await runCli(['status', '--json', '--workspace', ws], { stdout, stderr, env: h.env() });
    assert.equal(code, 1);
    const doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    assert.equal(doc.error.code, 'internal');
    assert.match(doc.error.message, /disk full/);
    assert.doesNotMatch(Buffer.concat(errChunks).toString('utf8'), /\n\s+at /);
  });

  test('NO_COLOR and non-terminals get no escape codes; a colour terminal gets its progress redraws', async () => {
    const run = async (env: Record<string, string>, tty: boolean): Promise<string> => {
      const stdout = new PassThrough();
      const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 80 });
      const chunks: Buffer[] = [];
      stderr.on('data', (c: Buffer) => chunks.push(c));
      stdout.resume();
      await runCli(['sync', '--dry-run', '--workspace', ws], { stdout, stderr, env: { ...h.env(), ...env } });
      return Buffer.concat(chunks).toString('utf8');
    };
    const ESC = '\u001b';
    assert.ok(
      (await run({}, true)).includes(`${ESC}[`),
      'a terminal gets in-place progress (the test can see escapes)',
    );
    assert.ok(!(await run({ NO_COLOR: '1' }, true)).includes(ESC));
    assert.ok(!(await run({ TERM: 'dumb' }, true)).includes(ESC));
    assert.ok(!(await run({}, false)).includes(ESC));
  });

  test('Ctrl-C during a sync exits 130 (in-process signal)', async () => {
    const big = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'sigint-ws' }) });
    await mkdir(join(big, 'plans'), { recursive: true });
    for (let i = 0; i < 30; i++) await writeFile(join(big, 'plans', `p${i}.md`), `# P${i}\n\nText ${i}.\n`);
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: big })).code, 0);
    const signals = new EventEmitter();
    const stderr = new PassThrough();
    let sent = false;
    stderr.on('data', (c: Buffer) => {
      if (!sent && /\[\d+\/30\]/.test(c.toString())) {
        sent = true;
        signals.emit('SIGINT');
      }
    });
    const stdout = new PassThrough();
    stdout.resume();
    const code = await runCli(['sync', '--workspace', big], {
      stdout,
      stderr,
      signals,
      env: { ...h.env(), NOTION_SYNC_RPS: '20' },
    });
    assert.ok(sent, 'the sync showed progress');
    assert.equal(code, 130);
  });

  test('Ctrl-C on the real process exits 130', async () => {
    const big = await makeWorkspace({ '.notion-sync.json': JSON.stringify({ workspaceName: 'sigint-proc' }) });
    await mkdir(join(big, 'plans'), { recursive: true });
    for (let i = 0; i < 40; i++) await writeFile(join(big, 'plans', `p${i}.md`), `# P${i}\n\nText ${i}.\n`);
    assert.equal((await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: big })).code, 0);
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'src/cli/main.ts'), 'sync', '--json'], {
      cwd: big,
      env: { ...process.env, ...h.env(), NOTION_SYNC_RPS: '10', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    let sent = false;
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (!sent && /\[\d+\/40\]/.test(c.toString())) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    assert.ok(sent, err);
    assert.equal(code, 130, err);
    assert.doesNotThrow(() => JSON.parse(out), 'stdout is still one JSON document');
  });
});
