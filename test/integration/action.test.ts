// The GitHub Action's entry point under a simulated runner: event payload, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, a fake GitHub REST API on 127.0.0.1, and the Notion sandbox.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { runAction } from '../../src/action/run';
import { COMMENT_MARKER } from '../../src/action/github';
import { Harness, makeWorkspace, tempDir } from './helpers';

const ROOT = resolve(import.meta.dirname, '../..');

interface FakeComment {
  id: number;
  issue: number;
  body: string;
}

/** Just enough of GitHub's issue-comments API, with a record of every request. */
async function fakeGitHub(): Promise<{
  url: string;
  comments: FakeComment[];
  requests: Array<{ method: string; path: string; auth?: string }>;
  close(): Promise<void>;
}> {
  const comments: FakeComment[] = [];
  const requests: Array<{ method: string; path: string; auth?: string }> = [];
  let next = 1000;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ method: req.method ?? '', path: url.pathname, auth: req.headers.authorization });
      const send = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== 'Bearer gh-test-token') return send(401, { message: 'Bad credentials' });
      let m = /^\/repos\/acme\/media\/issues\/(\d+)\/comments$/.exec(url.pathname);
      if (m && req.method === 'GET') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const list = comments.filter((c) => c.issue === Number(m![1]));
        return send(200, list.slice((page - 1) * per, page * per));
      }
      if (m && req.method === 'POST') {
        const c = { id: next++, issue: Number(m[1]), body: JSON.parse(body).body as string };
        comments.push(c);
        return send(201, c);
      }
      m = /^\/repos\/acme\/media\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (m && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = JSON.parse(body).body as string;
        return send(200, c);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    comments,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe('GitHub Action under a simulated runner', () => {
  let h: Harness;
  let gh: Awaited<ReturnType<typeof fakeGitHub>>;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    gh = await fakeGitHub();
    ws = await makeWorkspace({
      '.notion-sync.json': JSON.stringify({ workspaceName: 'action-ws' }),
      'plans/a.md': '# A\n\nAlpha.\n',
      'plans/b.md': '# B\n\nBeta.\n',
      'reports/r.md': '# R\n\nReport.\n',
      'scripts/s.py': 'print(1)\n',
    });
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId], { workspace: ws });
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => {
    await h?.close();
    await gh?.close();
  });

  /** A runner environment for one step: files for the event, outputs and summary. */
  async function runner(
    event: string,
    payload: unknown,
    inputs: Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<{ env: NodeJS.ProcessEnv; outputFile: string; summaryFile: string }> {
    const dir = await tempDir('nws-runner-');
    const eventFile = join(dir, 'event.json');
    await writeFile(eventFile, JSON.stringify(payload));
    const outputFile = join(dir, 'output.txt');
    const summaryFile = join(dir, 'summary.md');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: await tempDir('nws-home-'),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: ws,
      GITHUB_REPOSITORY: 'acme/media',
      GITHUB_API_URL: gh.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      NOTION_SYNC_STATE_DIR: h.stateDir,
      NOTION_SYNC_RPS: '0',
      NOTION_SYNC_RETRY_BASE_MS: '5',
      INPUT_TOKEN: h.sandbox.token,
      'INPUT_API-BASE-URL': h.sandbox.url,
      'INPUT_GITHUB-TOKEN': 'gh-test-token',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...extra,
    };
    return { env, outputFile, summaryFile };
  }

  async function outputsOf(file: string): Promise<Record<string, string>> {
    const text = await readFile(file, 'utf8');
    return Object.fromEntries(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=', 2) as [string, string]),
    );
  }

  function logStream(): { stream: PassThrough; text(): string } {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  }

  const prPayload = (n: number) => ({
    number: n,
    pull_request: { number: n, head: { ref: 'feature' } },
    repository: { default_branch: 'main', full_name: 'acme/media' },
  });

  test('pull request: plan + audit in the summary, nothing written to Notion, one comment created then updated', async () => {
    const before = await h.cli(['status', '--json'], { workspace: ws });
    assert.ok(before.json.items.every((i: { state: string }) => i.state === 'new'));
    const { env, outputFile, summaryFile } = await runner('pull_request', prPayload(7), {
      mode: 'auto',
      comment: 'true',
    });
    const log = logStream();
    const r = await runAction({ env, stdout: log.stream, stderr: new PassThrough().resume() });
    assert.equal(r.exitCode, 0, log.text());
    assert.deepEqual(
      r.results.map((x) => x.step),
      ['plan', 'audit'],
    );
    const summary = await readFile(summaryFile, 'utf8');
    assert.match(summary, /## Notion Workspace Sync — plan \+ audit/);
    assert.match(summary, /### Plan \(dry run: nothing was written\)/);
    assert.match(summary, /\| create \| `plans\/a.md` \|/);
    assert.match(summary, /### Audit: \d+ finding/);
    assert.match(summary, /Full audit report/);
    const out = await outputsOf(outputFile);
    assert.equal(out.created, '4', 'the rows a sync would create');
    assert.equal(out.adopted, '0', 'no row of another tool to claim');
    assert.equal(out.updated, '0');
    assert.equal(out.failed, '0');
    assert.ok(Number(out.gaps) > 0, 'four files missing in Notion are gaps');
    const after = await h.cli(['status', '--json'], { workspace: ws });
    assert.ok(
      after.json.items.every((i: { state: string }) => i.state === 'new'),
      'the plan wrote no row',
    );
    assert.match(log.text(), new RegExp(`::add-mask::${h.sandbox.token}`));

    assert.equal(gh.comments.length, 1);
    assert.equal(r.comment?.action, 'created');
    assert.ok(gh.comments[0]!.body.startsWith(COMMENT_MARKER));
    assert.equal(gh.comments[0]!.issue, 7);
    const firstId = gh.comments[0]!.id;

    // A second run on the same PR edits the same comment (no second one).
    await writeFile(join(ws, 'plans/c.md'), '# C\n\nGamma.\n');
    const again = await runner('pull_request', prPayload(7), { mode: 'auto', comment: 'true' });
    const r2 = await runAction({
      env: again.env,
      stdout: new PassThrough().resume(),
      stderr: new PassThrough().resume(),
    });
    assert.equal(r2.exitCode, 0);
    assert.equal(r2.comment?.action, 'updated');
    assert.equal(gh.comments.length, 1);
    assert.equal(gh.comments[0]!.id, firstId);
    assert.match(gh.comments[0]!.body, /plans\/c\.md/);
    assert.ok(gh.requests.some((q) => q.method === 'PATCH'));
    assert.ok(gh.requests.every((q) => q.auth === 'Bearer gh-test-token'));
  });

  test('pull request with fail-on-gaps: exit 3; comment off: no GitHub request', async () => {
    const before = gh.requests.length;
    const { env } = await runner('pull_request', prPayload(8), { 'fail-on-gaps': 'true' });
    const r = await runAction({ env, stdout: new PassThrough().resume(), stderr: new PassThrough().resume() });
    assert.equal(r.exitCode, 3);
    assert.equal(gh.requests.length, before);
  });

  test('push to a feature branch only plans; push to the default branch syncs, with outputs and summary', async () => {
    const payload = { ref: 'refs/heads/feature', repository: { default_branch: 'main' } };
    const feature = await runner('push', payload, {}, { GITHUB_REF: 'refs/heads/feature' });
    const rf = await runAction({
      env: feature.env,
      stdout: new PassThrough().resume(),
      stderr: new PassThrough().resume(),
    });
    assert.deepEqual(
      rf.results.map((x) => x.step),
      ['plan'],
    );

    const main = await runner('push', { ...payload, ref: 'refs/heads/main' }, {}, { GITHUB_REF: 'refs/heads/main' });
    const r = await runAction({
      env: main.env,
      stdout: new PassThrough().resume(),
      stderr: new PassThrough().resume(),
    });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(
      r.results.map((x) => x.step),
      ['sync'],
    );
    const out = await outputsOf(main.outputFile);
    assert.deepEqual(
      { created: out.created, updated: out.updated, failed: out.failed, gaps: out.gaps },
      { created: '5', updated: '0', failed: '0', gaps: '' },
    );
    const summary = await readFile(main.summaryFile, 'utf8');
    assert.match(summary, /\| sync \| all \| 5 \| 0 \| 0 \| 0 \| 0 \|/);
    const st = await h.cli(['status', '--json'], { workspace: ws });
    assert.ok(st.json.items.every((i: { state: string }) => i.state === 'synced'));
  });

  test('categories input limits the run; a refused token fails with exit 4 and an error annotation', async () => {
    await writeFile(join(ws, 'plans/a.md'), '# A\n\nAlpha, changed.\n');
    await writeFile(join(ws, 'reports/r.md'), '# R\n\nReport, changed.\n');
    const { env, outputFile } = await runner('workflow_dispatch', {}, { mode: 'sync', categories: 'plans' });
    const r = await runAction({ env, stdout: new PassThrough().resume(), stderr: new PassThrough().resume() });
    assert.equal(r.exitCode, 0);
    assert.equal((await outputsOf(outputFile)).updated, '1');
    const st = await h.cli(['status', 'reports', '--json'], { workspace: ws });
    assert.equal(st.json.items[0].state, 'modified', 'reports were not synced');

    const bad = await runner('push', {}, { mode: 'sync', token: 'secret_refused' });
    const log = logStream();
    const rb = await runAction({
      env: { ...bad.env, NOTION_SYNC_STATE_DIR: await tempDir() },
      stdout: log.stream,
      stderr: new PassThrough().resume(),
    });
    assert.equal(rb.exitCode, 4);
    assert.match(log.text(), /::error title=Notion Workspace Sync \(sync\)::/);
    assert.match(await readFile(bad.summaryFile, 'utf8'), /\[!CAUTION\]/);
  });

  test('a missing token or a bad mode is a usage error (2) with an annotation', async () => {
    const { env } = await runner('push', {}, { token: '' });
    const log = logStream();
    assert.equal((await runAction({ env, stdout: log.stream })).exitCode, 2);
    assert.match(log.text(), /::error title=Notion Workspace Sync::Input "token" is required/);
    const m = await runner('push', {}, { mode: 'everything' });
    assert.equal((await runAction({ env: m.env, stdout: new PassThrough().resume() })).exitCode, 2);
  });

  test('the bundled entry (dist/action.js, as action.yml runs it) works on a simulated pull request', async () => {
    const build = spawnSync(process.execPath, ['tools/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const action = await readFile(join(ROOT, 'action.yml'), 'utf8');
    assert.match(action, /using: node20/);
    assert.match(action, /main: dist\/action\.js/);
    const { env, outputFile, summaryFile } = await runner('pull_request', prPayload(9), { comment: 'true' });
    // Asynchronously: the sandbox and the fake GitHub answer from this process.
    const child = spawn(process.execPath, [join(ROOT, 'dist/action.js')], { env, cwd: ws });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const status = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    assert.equal(status, 0, log);
    assert.match(await readFile(summaryFile, 'utf8'), /plan \+ audit/);
    assert.equal((await outputsOf(outputFile)).failed, '0');
    assert.equal(gh.comments.filter((c) => c.issue === 9).length, 1);
  });
});
