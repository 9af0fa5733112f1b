// Issue 15, points 3, 6 and 7 against the sandbox: chats kept as files become chat rows (one row per session
// found both in a store and as a SpecStory file), sessions kept out of capture, the dry-run preview, and the
// commits made while a session ran on its row and in its markdown (a real temporary git repository).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness } from './helpers';
import { makeTempHome, FAKE_SECRETS } from '../fixtures/chats/home';
import type { TempHome } from '../fixtures/chats/home';
import { ClaudeSessionBuilder } from '../fixtures/chats/claude';
import { COPILOT_EXPORT, SPECSTORY_V2 } from '../fixtures/chats/file-chats';
import { readTree } from './helpers';
import { blocksToPlainText } from '../../src/core/content';

const A = '22222222-aaaa-4bbb-8ccc-00000000000a';
const MARKED = '22222222-aaaa-4bbb-8ccc-00000000000b';
const SCRATCH = '22222222-aaaa-4bbb-8ccc-00000000000c';
const BY_ID = '22222222-aaaa-4bbb-8ccc-00000000000d';
const IN_FILE = '5c7d5c23-0691-4467-b98e-0fb865b4a639'; // the SpecStory fixture's session

interface Row {
  id: string;
  path: string;
  title: string;
  sessionId: string;
  tool?: string;
  messages?: number;
  started?: string;
  commits: string;
}

describe('chat capture control, commits on the row, chats kept as files', () => {
  let h: Harness;
  let home: TempHome;
  let env: Record<string, string>;
  let chatsDb: string;
  let inside: string;

  async function rows(): Promise<Row[]> {
    const client = h.client();
    const db = (await client.databases.retrieve({ database_id: chatsDb })) as unknown as {
      data_sources: Array<{ id: string }>;
    };
    const res = await client.dataSources.query({ data_source_id: db.data_sources[0]!.id, page_size: 100 });
    /* eslint-disable @typescript-eslint/no-explicit-any -- raw property values */
    const text = (p: any) => ((p?.rich_text ?? p?.title ?? []) as any[]).map((t) => t.plain_text).join('');
    return (res.results as any[]).map((p) => ({
      id: p.id,
      path: text(p.properties.Path),
      title: text(p.properties.Name),
      sessionId: text(p.properties['Session ID']),
      tool: p.properties.Tool.select?.name,
      messages: p.properties.Messages.number ?? undefined,
      started: p.properties.Started.date?.start,
      commits: text(p.properties.Commits),
    }));
    /* eslint-enable @typescript-eslint/no-explicit-any */
  }

  function git(args: string[], date?: string): string {
    return execFileSync('git', args, {
      cwd: home.ws,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com',
        ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
      },
    });
  }

  before(async () => {
    h = await Harness.start();
    home = makeTempHome();
    const claude = join(home.home, '.claude');
    // A runs 2026-03-02 09:00:00 … 09:00:03
    new ClaudeSessionBuilder(A, home.ws)
      .prompt(`Add retries; the key is ${FAKE_SECRETS.github}`)
      .text('Added retries with backoff.')
      .prompt('Commit it')
      .text('Committed.')
      .write(claude);
    new ClaudeSessionBuilder(MARKED, home.ws, '2026-03-04T09:00:00.000Z')
      .prompt('Private experiment [no-capture]')
      .text('ok')
      .write(claude);
    new ClaudeSessionBuilder(SCRATCH, home.ws, '2026-03-05T09:00:00.000Z')
      .prompt('Scratch: try the new parser')
      .text('ok')
      .write(claude);
    new ClaudeSessionBuilder(BY_ID, home.ws, '2026-03-06T09:00:00.000Z')
      .prompt('Kept out by id')
      .text('ok')
      .write(claude);
    new ClaudeSessionBuilder(IN_FILE, home.ws, '2026-07-13T13:40:49.000Z')
      .prompt('fix the flaky test in app.py')
      .text('done')
      .write(claude);
    env = { HOME: home.home };
    await mkdir(join(home.ws, '.specstory', 'history'), { recursive: true });
    await writeFile(join(home.ws, '.specstory', 'history', '2026-07-13_13-40-49Z-fix-the-flaky.md'), SPECSTORY_V2);
    await mkdir(join(home.ws, 'chats'), { recursive: true });
    await writeFile(join(home.ws, 'chats', 'copilot-chat.json'), JSON.stringify(COPILOT_EXPORT, null, 2));
    await writeFile(
      join(home.ws, '.notion-sync.json'),
      JSON.stringify({
        workspaceName: 'control-ws',
        categories: {
          agentChats: {
            include: ['agent-chats/**/*.md', '.specstory/history/**/*.md', 'chats/*.json'],
            captureExclude: ['scratch:*', BY_ID],
          },
        },
      }),
    );
    // a real repository: one commit inside A's span (subject with a secret), one before, one long after
    git(['init', '-q', '-b', 'main']);
    await writeFile(join(home.ws, 'a.txt'), '1');
    git(['add', 'a.txt']);
    git(['commit', '-q', '-m', 'Initial commit'], '2026-03-01T08:00:00Z');
    await writeFile(join(home.ws, 'a.txt'), '2');
    git(['commit', '-q', '-am', `Add retries (token ${FAKE_SECRETS.anthropic})`], '2026-03-02T09:00:02Z');
    inside = git(['rev-parse', '--short', 'HEAD']).trim();
    await writeFile(join(home.ws, 'a.txt'), '3');
    git(['commit', '-q', '-am', 'Later work'], '2026-03-20T10:00:00Z');
    const init = await h.cli(['init', '--parent-page', h.sandbox.rootPageId, '--json'], { workspace: home.ws, env });
    assert.equal(init.code, 0, init.stderr);
    chatsDb = init.json.databases.agentChats;
  });
  after(async () => {
    await h?.close();
    home?.cleanup();
  });

  test('chats list shows the sessions kept out, and why', async () => {
    const r = await h.cli(['chats', 'list', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    const why = Object.fromEntries(r.json.sessions.map((s: { id: string; excluded?: string }) => [s.id, s.excluded]));
    // the session also kept as a SpecStory file is captured from its store (the file is set aside by sync)
    assert.deepEqual(why, {
      [A]: undefined,
      [MARKED]: 'marker',
      [SCRATCH]: 'title',
      [BY_ID]: 'id',
      [IN_FILE]: undefined,
    });
    const text = await h.cli(['chats', 'list'], { workspace: home.ws, env });
    assert.match(text.stdout, /- claude-code .*Scratch: try the new parser/);
  });

  test('capture --dry-run previews sessions, messages and redactions by kind and writes nothing', async () => {
    h.sandbox.resetStats();
    const r = await h.cli(['chats', 'capture', '--all', '--dry-run', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.dryRun, true);
    assert.deepEqual(r.json.preview, { sessions: 2, messages: 6, redactions: { 'github-token': 1 } });
    assert.equal(r.json.excluded, 3);
    assert.equal(h.sandbox.stats().writes, 0);
    assert.equal(existsSync(join(home.ws, 'agent-chats')), false);
    assert.ok(!r.stdout.includes(FAKE_SECRETS.github));
  });

  test("capture leaves the excluded sessions out and puts the session's commits on its row and in its markdown", async () => {
    const r = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.captured, 2);
    assert.equal(r.json.excluded, 3);
    const a = r.json.sessions.find((s: { id: string }) => s.id === A);
    assert.deepEqual(a.commits, [inside]);
    const [row] = (await rows()).filter((x) => x.sessionId === A);
    assert.match(row.commits, new RegExp(`^${inside} Add retries \\(token \\[REDACTED:[a-z-]+\\]\\)$`));
    const md = await readFile(join(home.ws, a.path), 'utf8');
    assert.match(md, /## Commits during this session/);
    assert.ok(md.includes(`\`${inside}\``));
    assert.ok(!md.includes('Later work') && !md.includes('Initial commit'));
    assert.ok(!JSON.stringify(h.sandbox.state()).includes('sk-ant-api03'), 'secret in Notion');
    assert.ok(!JSON.stringify(h.sandbox.state()).includes(FAKE_SECRETS.github), 'secret in Notion');
  });

  test('sync sets aside the SpecStory file of a session captured from its store: one row for the session', async () => {
    const r = await h.cli(['sync', '--json'], { workspace: home.ws, env });
    assert.equal(r.code, 0, r.stderr);
    const skipped = (r.json.skipped as Array<{ path: string; reason: string }>).find(
      (x) => x.path === '.specstory/history/2026-07-13_13-40-49Z-fix-the-flaky.md',
    );
    assert.match(String(skipped?.reason), /captured from its tool's store as agent-chats\/claude-code\//);
    const all = await rows();
    const session = all.filter((x) => x.sessionId === IN_FILE);
    assert.equal(session.length, 1, JSON.stringify(all));
    assert.match(session[0].path, /^agent-chats\/claude-code\//);
    assert.ok(!session[0].title.includes('sk-ant'), session[0].title);
    // capture again: still one row for the session
    const again = await h.cli(['chats', 'capture', '--all', '--json'], { workspace: home.ws, env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await rows()).filter((x) => x.sessionId === IN_FILE).length, 1);
    assert.equal((await rows()).length, 3);
  });

  test('a Copilot "Export Chat" JSON in agentChats is a chat row whose page is the transcript, not the JSON', async () => {
    const [row] = (await rows()).filter((x) => x.path === 'chats/copilot-chat.json');
    assert.ok(row, JSON.stringify(await rows()));
    assert.equal(row.tool, 'copilot');
    assert.equal(row.messages, 3);
    assert.equal(row.started?.slice(0, 19), '2026-08-05T12:00:00');
    assert.ok(!row.title.includes('sk-ant'), row.title);
    const body = blocksToPlainText(await readTree(h.client(), row.id));
    assert.match(body, /It was revoked\./);
    assert.ok(!body.includes('requesterUsername'), body.slice(0, 300));
    assert.ok(!body.includes('sk-ant-api03'));
  });
});
