// Conformance: rate limiting, fault injection (and the SDK's own retries), accounting, persistence,
// the controllable clock, simulated human edits, admin routes and the CLI entry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APIResponseError,
  Client,
  isFullBlock,
  isFullPage,
  isFullUser,
  type PageObjectResponse,
} from '@notionhq/client';
import { type Sandbox, parseFaultSpec, startSandbox } from '../../src/sandbox';

const quiet = (): void => undefined;
const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const para = (content: string) => ({ paragraph: { rich_text: text(content) } });

function client(sb: Sandbox, retry: false | { maxRetries?: number; initialRetryDelayMs?: number } = false): Client {
  return new Client({ auth: sb.token, baseUrl: sb.url, logger: quiet, retry });
}

function headers(sb: Sandbox): Record<string, string> {
  return { authorization: `Bearer ${sb.token}`, 'Notion-Version': '2025-09-03' };
}

async function apiError(p: Promise<unknown>, status: number, code: string, message?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(APIResponseError.isAPIResponseError(e), `expected APIResponseError, got ${String(e)}`);
    assert.equal(e.status, status);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

describe('rate limiting', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ quiet: true, rps: 1, burst: 3, retryAfterSeconds: 0 });
  });
  after(() => sb.close());

  it('returns 429 rate_limited with Retry-After past the burst', async () => {
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${sb.url}/v1/users/me`, { headers: headers(sb) });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.text();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.ok(limited);
    assert.equal(limited.headers.get('retry-after'), '0');
    const body = (await limited.json()) as Record<string, unknown>;
    assert.equal(body.code, 'rate_limited');
    assert.equal(body.status, 429);
    assert.equal(body.message, 'You have been rate limited. Please try again in a few minutes.');
    assert.equal(sb.stats().rateLimited, 2);
  });

  it('without a fixed Retry-After the header is a whole number of seconds ≥ 1', async () => {
    const other = await startSandbox({ quiet: true, rps: 0.5, burst: 1 });
    try {
      const n = client(other);
      await n.users.me({});
      await assert.rejects(n.users.me({}), (e: unknown) => {
        assert.ok(APIResponseError.isAPIResponseError(e));
        assert.equal(e.code, 'rate_limited');
        const ra = Number((e.headers as Headers).get('retry-after'));
        assert.ok(Number.isInteger(ra) && ra >= 1, `Retry-After ${ra}`);
        return true;
      });
    } finally {
      await other.close();
    }
  });
});

describe('fault injection', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ quiet: true });
  });
  after(() => sb.close());

  it('parses the SPEC grammar and rejects bad specs', () => {
    const spec = parseFaultSpec(
      'seed=7,rate=0.2,kinds=429:500:reset:applied500;kinds=slow,delay=50,methods=GET,routes=/v1/pages/*,every=3',
    );
    assert.equal(spec.seed, 7);
    assert.equal(spec.rules.length, 2);
    assert.deepEqual(spec.rules[0]?.kinds, ['429', '500', 'reset', 'applied500']);
    assert.equal(spec.rules[1]?.every, 3);
    assert.throws(() => parseFaultSpec('kinds=nope'), /unknown kind "nope"/);
    assert.throws(() => parseFaultSpec('rate=2'), /rate must be between 0 and 1/);
    assert.throws(() => parseFaultSpec('colour=red'), /unknown key "colour"/);
  });

  it('the SDK retries injected 429s (Retry-After: 0) and succeeds', async () => {
    sb.setFaults('kinds=429,count=2,retryAfter=0');
    sb.resetStats();
    const me = await client(sb, { maxRetries: 2 }).users.me({});
    assert.ok(isFullUser(me));
    const s = sb.stats();
    assert.equal(s.byRoute['GET /v1/users/me'], 3);
    assert.equal(s.faults.byKind['429'], 2);
    assert.equal(s.byStatus['429'], 2);
    assert.equal(s.byStatus['200'], 1);
  });

  it('seeded random faults are deterministic and the SDK rides them out', async () => {
    const run = async (): Promise<number[]> => {
      sb.setFaults('seed=7,rate=0.3,kinds=429:500,retryAfter=0');
      const out: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${sb.url}/v1/users/me`, { headers: headers(sb) });
        out.push(res.status);
        await res.text();
      }
      return out;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.some((s) => s !== 200) && a.some((s) => s === 200), a.join());
    sb.setFaults('seed=11,rate=0.3,kinds=429,retryAfter=0');
    const n = client(sb, { maxRetries: 8 });
    for (let i = 0; i < 20; i++) await n.users.me({});
    sb.setFaults(null);
  });

  it('500 internal_server_error: retried by the SDK for GET, surfaced for POST', async () => {
    sb.setFaults('kinds=500,count=1');
    const me = await client(sb, { maxRetries: 1, initialRetryDelayMs: 5 }).users.me({});
    assert.equal(me.object, 'user');
    sb.setFaults('kinds=500,count=1');
    await apiError(
      client(sb, { maxRetries: 2 }).search({}),
      500,
      'internal_server_error',
      'An unexpected error occurred. Reach out to Notion support.',
    );
    sb.setFaults(null);
  });

  it('503, 504 and 529 have Notion codes', async () => {
    for (const [kind, status, code] of [
      ['503', 503, 'service_unavailable'],
      ['504', 504, 'gateway_timeout'],
      ['529', 529, 'service_overload'],
    ] as const) {
      sb.setFaults(`kinds=${kind},count=1`);
      await apiError(client(sb).search({}), status, code);
    }
    sb.setFaults(null);
  });

  it('reset destroys the connection (a network error, not an API error)', async () => {
    sb.setFaults('kinds=reset,count=1');
    await assert.rejects(client(sb).users.me({}), (e: unknown) => {
      assert.ok(!APIResponseError.isAPIResponseError(e));
      assert.match(String(e), /fetch failed|socket|ECONNRESET|terminated/i);
      return true;
    });
    assert.equal((await client(sb).users.me({})).object, 'user');
  });

  it('slow delays the response', async () => {
    sb.setFaults('kinds=slow,delay=300,count=1');
    const t0 = Date.now();
    await client(sb).users.me({});
    assert.ok(Date.now() - t0 >= 290);
    sb.setFaults(null);
  });

  it('applied500: the write is applied but the client gets a 500', async () => {
    const n = client(sb);
    sb.setFaults('kinds=applied500,count=1,methods=POST,routes=/v1/pages');
    await apiError(
      n.pages.create({ parent: { page_id: sb.rootPageId }, properties: { title: { title: text('Applied anyway') } } }),
      500,
      'internal_server_error',
    );
    const found = await n.search({ query: 'Applied anyway' });
    assert.equal(found.results.length, 1, 'the page exists although the client saw a 500');
  });

  it('targets methods and routes; settable at runtime through the admin API', async () => {
    const n = client(sb);
    const res = await fetch(`${sb.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ spec: 'kinds=503,methods=PATCH,routes=/v1/blocks/{id}/children' }),
    });
    assert.deepEqual(await res.json(), { spec: 'kinds=503,methods=PATCH,routes=/v1/blocks/{id}/children' });
    await n.blocks.children.list({ block_id: sb.rootPageId });
    await n.users.me({});
    await apiError(
      n.blocks.children.append({ block_id: sb.rootPageId, children: [para('x')] }),
      503,
      'service_unavailable',
    );
    await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ spec: null }) }).then((r) =>
      r.text(),
    );
    await n.blocks.children.append({ block_id: sb.rootPageId, children: [para('x')] });
  });
});

describe('request accounting', () => {
  it('counts by route template, method, reads/writes and faults; admin routes are not counted', async () => {
    const sb = await startSandbox({ quiet: true });
    try {
      const n = client(sb);
      sb.resetStats();
      const page = await n.pages.create({ parent: { page_id: sb.rootPageId } });
      await n.blocks.children.append({ block_id: page.id, children: [para('a')] });
      await n.blocks.children.append({ block_id: page.id, children: [para('b')] });
      await n.blocks.children.list({ block_id: page.id });
      await n.search({});
      await n.pages.retrieve({ page_id: page.id });
      sb.setFaults('kinds=500,count=1');
      await apiError(n.pages.update({ page_id: page.id }), 500, 'internal_server_error');
      sb.setFaults(null);
      await fetch(`${sb.url}/__sandbox/state`).then((r) => r.text());
      const stats = (await (await fetch(`${sb.url}/__sandbox/stats`)).json()) as ReturnType<Sandbox['stats']>;
      assert.equal(stats.total, 7);
      assert.deepEqual(stats.byRoute, {
        'POST /v1/pages': 1,
        'PATCH /v1/blocks/{id}/children': 2,
        'GET /v1/blocks/{id}/children': 1,
        'POST /v1/search': 1,
        'GET /v1/pages/{id}': 1,
        'PATCH /v1/pages/{id}': 1,
      });
      assert.deepEqual(stats.byMethod, { POST: 2, PATCH: 3, GET: 2 });
      assert.equal(stats.reads, 3);
      assert.equal(stats.writes, 4);
      assert.deepEqual(stats.faults, { total: 1, byKind: { '500': 1 } });
      await fetch(`${sb.url}/__sandbox/reset-stats`, { method: 'POST' }).then((r) => r.text());
      assert.equal(sb.stats().total, 0);
      const state = sb.state();
      assert.ok(state.pages[page.id]);
      assert.equal(Object.values(state.blocks).length, 2);
    } finally {
      await sb.close();
    }
  });
});

describe('persistence', () => {
  it('state survives a restart with --data FILE (debounced save and save on close)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notion-sandbox-'));
    const file = join(dir, 'state.json');
    try {
      const a = await startSandbox({ quiet: true, dataFile: file });
      const n = client(a);
      const db = await n.databases.create({
        parent: { type: 'page_id', page_id: a.rootPageId },
        title: text('Persisted'),
        initial_data_source: { properties: { Name: { title: {} } } },
      });
      const dsId = 'data_sources' in db ? (db.data_sources[0]?.id ?? '') : '';
      const row = await n.pages.create({
        parent: { data_source_id: dsId },
        properties: { Name: { title: text('kept') } },
        children: [para('body')],
      });
      await new Promise((r) => setTimeout(r, 400));
      assert.ok(readFileSync(file, 'utf8').includes(row.id), 'saved after writes without closing');
      a.advanceClock(3_600_000);
      const root = a.rootPageId;
      await a.close();

      const b = await startSandbox({ quiet: true, dataFile: file });
      try {
        assert.equal(b.rootPageId, root);
        const m = client(b);
        const q = await m.dataSources.query({ data_source_id: dsId });
        assert.deepEqual(
          q.results.map((r) => r.id),
          [row.id],
        );
        const kids = await m.blocks.children.list({ block_id: row.id });
        assert.equal(kids.results.length, 1);
        assert.ok(b.now().getTime() - Date.now() > 3_500_000, 'the clock offset persists');
      } finally {
        await b.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('clock and human edits', () => {
  let sb: Sandbox;
  let n: Client;
  before(async () => {
    sb = await startSandbox({ quiet: true });
    n = client(sb);
  });
  after(() => sb.close());

  it('timestamps are rounded down to the minute; Date header uses the sandbox clock', async () => {
    const set = await fetch(`${sb.url}/__sandbox/clock`, {
      method: 'POST',
      body: JSON.stringify({ set: '2026-03-01T10:15:42.123Z' }),
    });
    assert.equal(((await set.json()) as { now: string }).now.slice(0, 19), '2026-03-01T10:15:42');
    const res = await fetch(`${sb.url}/v1/pages`, {
      method: 'POST',
      headers: { ...headers(sb), 'content-type': 'application/json' },
      body: JSON.stringify({ parent: { page_id: sb.rootPageId }, properties: { title: { title: text('Clocked') } } }),
    });
    assert.equal(res.headers.get('date'), 'Sun, 01 Mar 2026 10:15:42 GMT');
    const page = (await res.json()) as PageObjectResponse;
    assert.equal(page.created_time, '2026-03-01T10:15:00.000Z');
    assert.equal(page.last_edited_time, '2026-03-01T10:15:00.000Z');
    sb.advanceClock(30_000);
    const upd = await n.pages.update({ page_id: page.id, properties: { title: { title: text('Clocked 2') } } });
    assert.ok(isFullPage(upd));
    assert.equal(upd.last_edited_time, '2026-03-01T10:16:00.000Z');
    const adv = await fetch(`${sb.url}/__sandbox/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceMs: 3_600_000 }),
    });
    assert.equal(((await adv.json()) as { now: string }).now.slice(0, 16), '2026-03-01T11:16');
  });

  it('a person edit sets last_edited_by to a person and bumps last_edited_time', async () => {
    const db = await n.databases.create({
      parent: { type: 'page_id', page_id: sb.rootPageId },
      title: text('Human'),
      initial_data_source: { properties: { Name: { title: {} }, Status: { select: {} } } },
    });
    const dsId = 'data_sources' in db ? (db.data_sources[0]?.id ?? '') : '';
    const page = (await n.pages.create({
      parent: { data_source_id: dsId },
      properties: { Name: { title: text('doc') } },
      children: [para('first')],
    })) as PageObjectResponse;
    const bot = await n.users.me({});
    assert.equal(page.last_edited_by.id, bot.id);
    sb.advanceClock(5 * 60_000);
    const edited = sb.humanEdit({ pageId: page.id, appendParagraph: 'added by a person' });
    const persons = (await n.users.list({})).results.filter((u) => isFullUser(u) && u.type === 'person');
    const personId = persons[0]?.id;
    assert.ok(personId);
    const after1 = (await n.pages.retrieve({ page_id: page.id })) as PageObjectResponse;
    assert.equal(after1.last_edited_by.id, personId);
    assert.equal(after1.last_edited_time, edited.last_edited_time);
    assert.ok(Date.parse(after1.last_edited_time) >= Date.parse(page.last_edited_time) + 5 * 60_000);
    const kids = await n.blocks.children.list({ block_id: page.id });
    const last = kids.results[1];
    assert.ok(last && isFullBlock(last) && last.type === 'paragraph');
    assert.equal(last.paragraph.rich_text[0]?.plain_text, 'added by a person');
    assert.equal(last.created_by.id, personId);

    sb.advanceClock(2 * 60_000);
    const res = await fetch(`${sb.url}/__sandbox/human-edit`, {
      method: 'POST',
      body: JSON.stringify({
        pageId: page.id,
        replaceText: { text: 'rewritten' },
        properties: { Status: { select: { name: 'Reviewed' } } },
      }),
    });
    assert.equal(res.status, 200);
    const after2 = (await n.pages.retrieve({ page_id: page.id })) as PageObjectResponse;
    assert.ok(Date.parse(after2.last_edited_time) > Date.parse(after1.last_edited_time));
    const status = after2.properties.Status;
    assert.ok(status?.type === 'select' && status.select?.name === 'Reviewed');
    const first = (await n.blocks.children.list({ block_id: page.id })).results[0];
    assert.ok(first && isFullBlock(first) && first.type === 'paragraph');
    assert.equal(first.paragraph.rich_text[0]?.plain_text, 'rewritten');
    assert.equal(first.last_edited_by.id, personId);
    // the bot's next write takes last_edited_by back
    const mine = await n.pages.update({ page_id: page.id, properties: { Status: { select: { name: 'Synced' } } } });
    assert.ok(isFullPage(mine));
    assert.equal(mine.last_edited_by.id, bot.id);
  });

  it('seed creates a page shared with the integration', async () => {
    const res = await fetch(`${sb.url}/__sandbox/seed`, {
      method: 'POST',
      body: JSON.stringify({ title: 'Parent for init' }),
    });
    const page = (await res.json()) as PageObjectResponse;
    const got = await n.pages.retrieve({ page_id: page.id });
    assert.ok(isFullPage(got));
    assert.deepEqual(got.parent, { type: 'page_id', page_id: sb.rootPageId });
  });
});

describe('CLI entry', () => {
  it('prints {url, token, rootPageId} as the first stdout line and stops on SIGTERM', async () => {
    const script =
      "import('./src/sandbox/cli.ts').then((m) => (m.sandboxMain ?? m.default.sandboxMain)(process.argv.slice(1))).then((c) => process.exit(c))";
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', script, '--', '--port', '0', '--quiet', '--faults', 'seed=1,rate=0'],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const info = JSON.parse(line) as { url: string; token: string; rootPageId: string };
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const n = new Client({ auth: info.token, baseUrl: info.url, logger: quiet });
    const root = await n.pages.retrieve({ page_id: info.rootPageId });
    assert.equal(root.id, info.rootPageId);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });
});
