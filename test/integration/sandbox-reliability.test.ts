// Conformance of what crash, outage and concurrency tests need: kill points (held responses), outages,
// applied-then-fail faults on every write that creates or changes content, and two integrations at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { APIResponseError, Client, RequestTimeoutError, isFullPage } from '@notionhq/client';
import { type Sandbox, parseHoldSpec, parseOutageSpec, startSandbox } from '../../src/sandbox';

const quiet = (): void => undefined;
const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const para = (content: string) => ({ paragraph: { rich_text: text(content) } });

function client(sb: Sandbox, opts: { auth?: string; timeoutMs?: number } = {}): Client {
  return new Client({
    auth: opts.auth ?? sb.token,
    baseUrl: sb.url,
    logger: quiet,
    retry: false,
    timeoutMs: opts.timeoutMs,
  });
}

const pageTitle = (t: string) => ({ title: { title: text(t) } });

describe('kill points: applied requests whose response is held', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ quiet: true });
  });
  after(() => sb.close());

  it('holds the Nth applied POST /v1/pages: the page exists, the client hears nothing until released', async () => {
    sb.setHolds('methods=POST,routes=/v1/pages,nth=2');
    const n = client(sb);
    const parent = { page_id: sb.rootPageId };
    const first = await n.pages.create({ parent, properties: pageTitle('one') });
    let settled = false;
    const second = n.pages.create({ parent, properties: pageTitle('two') }).finally(() => {
      settled = true;
    });
    const held = await sb.waitForHold(5000);
    assert.ok(held, 'a request was held');
    assert.equal(held.method, 'POST');
    assert.equal(held.route, '/v1/pages');
    assert.equal(held.status, 200);
    assert.ok(held.objectId && held.objectId !== first.id);
    // Applied: Notion has the page, the client does not know its id.
    assert.ok(sb.state().pages[held.objectId]);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false);
    assert.deepEqual(
      sb.held().map((h) => h.id),
      [held.id],
    );
    assert.equal(sb.releaseHold(held.id), 1);
    const page = await second;
    assert.equal(page.id, held.objectId);
    assert.equal(sb.held().length, 0);
    // nth=2, count=1: the third create is answered at once.
    await n.pages.create({ parent, properties: pageTitle('three') });
    assert.equal(sb.stats().held, 1);
    sb.setHolds(null);
  });

  it('counts only applied requests: a rejected request does not move the kill point', async () => {
    sb.setHolds('routes=/v1/blocks/{id}/children,methods=PATCH,nth=1');
    const n = client(sb);
    await assert.rejects(n.blocks.children.append({ block_id: sb.rootPageId, children: [{ bogus: {} } as never] }));
    const pending = n.blocks.children.append({ block_id: sb.rootPageId, children: [para('kept')] });
    const held = await sb.waitForHold(5000);
    assert.ok(held);
    const block = sb.state().blocks[held.objectId ?? ''];
    assert.equal(block?.type, 'paragraph');
    sb.releaseHold(null, 'reset');
    await assert.rejects(pending);
    sb.setHolds(null);
  });

  it('lets a test SIGKILL the client process at the held point (admin routes drive it from outside)', async () => {
    const admin = async (path: string, body?: unknown): Promise<Response> =>
      fetch(`${sb.url}/__sandbox${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await admin('/holds', { spec: 'methods=PATCH,routes=/v1/pages/{id},nth=1' })).status, 200);
    const target = await client(sb).pages.create({
      parent: { page_id: sb.rootPageId },
      properties: pageTitle('before'),
    });
    const script = `
      const { Client } = require('@notionhq/client');
      const n = new Client({ auth: ${JSON.stringify(sb.token)}, baseUrl: ${JSON.stringify(sb.url)}, retry: false });
      n.pages.update({ page_id: ${JSON.stringify(target.id)}, properties: { title: { title: [{ text: { content: 'after' } }] } } })
        .then(() => console.log('ANSWERED'));
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const res = await admin('/holds/wait?timeoutMs=8000');
    assert.equal(res.status, 200);
    const held = (await res.json()) as { route: string; objectId: string };
    assert.equal(held.route, '/v1/pages/{id}');
    assert.equal(held.objectId, target.id);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, sig) => r(sig)));
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.equal(out, '');
    // The write landed although the client died before hearing of it.
    const page = await client(sb).pages.retrieve({ page_id: target.id });
    assert.ok(isFullPage(page));
    assert.equal((page.properties.title as { title: { plain_text: string }[] }).title[0]?.plain_text, 'after');
    // The dead client's held response is gone from the list.
    for (let i = 0; i < 50 && sb.held().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sb.held().length, 0);
    const wait = await admin('/holds/wait?timeoutMs=50');
    assert.equal(wait.status, 408);
    await admin('/holds', { spec: null });
  });

  it('parses the hold SPEC in the fault SPEC syntax and rejects unknown keys', () => {
    const [rule] = parseHoldSpec('methods=post:patch,routes=/v1/pages*,nth=3,count=2');
    assert.deepEqual(rule && { m: rule.methods, r: rule.routes, nth: rule.nth, count: rule.count }, {
      m: ['POST', 'PATCH'],
      r: ['/v1/pages*'],
      nth: 3,
      count: 2,
    });
    assert.throws(() => parseHoldSpec('kinds=500'), /unknown key "kinds"/);
    assert.throws(() => parseHoldSpec('nth=0'), /nth must be an integer ≥ 1/);
  });
});

describe('outages', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ quiet: true });
  });
  after(() => sb.close());

  it('503 for the next N requests, then Notion is back on its own', async () => {
    await sb.setOutage({ mode: '503', requests: 2 });
    const n = client(sb);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(n.users.me({}), (e: unknown) => {
        assert.ok(APIResponseError.isAPIResponseError(e));
        assert.equal(e.status, 503);
        assert.equal(e.code, 'service_unavailable');
        return true;
      });
    }
    const me = await n.users.me({});
    assert.equal(me.id, sb.botIdFor());
    assert.equal(sb.stats().outages, 2);
  });

  it('reset: connections are dropped until switched off; nothing is applied', async () => {
    const before = Object.keys(sb.state().pages).length;
    await sb.setOutage({ mode: 'reset' });
    const n = client(sb);
    await assert.rejects(n.pages.create({ parent: { page_id: sb.rootPageId }, properties: pageTitle('lost') }));
    await assert.rejects(fetch(`${sb.url}/v1/users/me`), /fetch failed/);
    assert.equal(Object.keys(sb.state().pages).length, before);
    await sb.setOutage(null);
    await n.users.me({});
  });

  it('refused: the port stops listening (ECONNREFUSED) and comes back on the same URL', async () => {
    await sb.setOutage({ mode: 'refused' });
    await assert.rejects(fetch(`${sb.url}/v1/users/me`), (e: unknown) => {
      assert.equal((e as { cause?: { code?: string } }).cause?.code, 'ECONNREFUSED');
      return true;
    });
    await assert.rejects(client(sb).users.me({}));
    await sb.setOutage(null);
    await client(sb).users.me({});
  });

  it('hang: requests are never answered, the client times out; forMs ends the outage', async () => {
    await sb.setOutage({ mode: 'hang', forMs: 600 });
    const started = Date.now();
    await assert.rejects(client(sb, { timeoutMs: 200 }).users.me({}), (e: unknown) => {
      assert.ok(RequestTimeoutError.isRequestTimeoutError(e));
      return true;
    });
    assert.ok(Date.now() - started >= 190);
    await new Promise((r) => setTimeout(r, 700));
    await client(sb, { timeoutMs: 2000 }).users.me({});
  });

  it('admin route and CLI grammar; bad specs are refused', async () => {
    const post = (body: unknown) => fetch(`${sb.url}/__sandbox/outage`, { method: 'POST', body: JSON.stringify(body) });
    const on = await post({ mode: '503', requests: 1 });
    assert.deepEqual(await on.json(), { outage: { mode: '503', remaining: 1, forMs: null } });
    assert.equal((await fetch(`${sb.url}/v1/users/me`)).status, 503);
    assert.equal((await post({ mode: 'down' })).status, 400);
    assert.equal((await post({ mode: 'refused', requests: 3 })).status, 400);
    assert.deepEqual(await (await post({ mode: null })).json(), { outage: null });
    assert.deepEqual(parseOutageSpec('mode=hang,forMs=2000'), { mode: 'hang', requests: undefined, forMs: 2000 });
    assert.throws(() => parseOutageSpec('requests=2'), /mode must be one of/);
  });

  it('startSandbox({ outage }) starts down', async () => {
    const down = await startSandbox({ quiet: true, outage: { mode: '503' } });
    try {
      assert.equal((await fetch(`${down.url}/v1/users/me`)).status, 503);
      assert.equal((await fetch(`${down.url}/__sandbox/health`)).status, 200);
    } finally {
      await down.close();
    }
  });
});

describe('applied-then-fail on every write that creates or changes content', () => {
  let sb: Sandbox;
  let n: Client;
  before(async () => {
    sb = await startSandbox({ quiet: true });
    n = client(sb);
  });
  after(() => sb.close());

  for (const kind of ['applied500', 'appliedReset'] as const) {
    it(`${kind}: page create, append children, page update and database create are applied, then fail`, async () => {
      const fail = async (route: string, method: string, op: () => Promise<unknown>): Promise<void> => {
        sb.setFaults(`kinds=${kind},methods=${method},routes=${route},count=1`);
        await assert.rejects(op(), (e: unknown) => {
          if (kind === 'applied500') {
            assert.ok(APIResponseError.isAPIResponseError(e));
            assert.equal(e.status, 500);
          }
          return true;
        });
        sb.setFaults(null);
      };
      const pagesBefore = Object.keys(sb.state().pages).length;
      await fail('/v1/pages', 'POST', () =>
        n.pages.create({ parent: { page_id: sb.rootPageId }, properties: pageTitle(`${kind} page`) }),
      );
      const created = Object.values(sb.state().pages).filter((p) =>
        JSON.stringify(p.props.title).includes(`${kind} page`),
      );
      assert.equal(Object.keys(sb.state().pages).length, pagesBefore + 1);
      assert.equal(created.length, 1);
      const pageId = created[0]?.id as string;

      await fail('/v1/blocks/{id}/children', 'PATCH', () =>
        n.blocks.children.append({ block_id: pageId, children: [para('appended')] }),
      );
      const kids = await n.blocks.children.list({ block_id: pageId });
      assert.equal(kids.results.length, 1);

      await fail('/v1/pages/{id}', 'PATCH', () =>
        n.pages.update({ page_id: pageId, properties: pageTitle(`${kind} renamed`) }),
      );
      assert.match(JSON.stringify(sb.state().pages[pageId]?.props.title), /renamed/);

      const dbsBefore = Object.keys(sb.state().databases).length;
      await fail('/v1/databases', 'POST', () =>
        n.databases.create({ parent: { type: 'page_id', page_id: pageId }, title: text(`${kind} db`) }),
      );
      assert.equal(Object.keys(sb.state().databases).length, dbsBefore + 1);
    });
  }

  it('hang (fault kind): never answered, nothing applied', async () => {
    sb.setFaults('kinds=hang,methods=POST,routes=/v1/pages,count=1');
    const before = Object.keys(sb.state().pages).length;
    await assert.rejects(
      client(sb, { timeoutMs: 200 }).pages.create({ parent: { page_id: sb.rootPageId }, properties: pageTitle('h') }),
      (e: unknown) => RequestTimeoutError.isRequestTimeoutError(e),
    );
    assert.equal(Object.keys(sb.state().pages).length, before);
    sb.setFaults(null);
  });
});

describe('two integrations (two bots) writing at once', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ quiet: true, extraTokens: ['ntn_second_integration'] });
  });
  after(() => sb.close());

  it('each token is its own bot; created_by/last_edited_by/last_edited_time follow the writer', async () => {
    const a = client(sb);
    const b = client(sb, { auth: 'ntn_second_integration' });
    const botA = sb.botIdFor() as string;
    const botB = sb.botIdFor('ntn_second_integration') as string;
    assert.ok(botA && botB && botA !== botB);
    assert.equal((await a.users.me({})).id, botA);
    const meB = await b.users.me({});
    assert.equal(meB.id, botB);
    assert.equal(meB.type, 'bot');
    assert.ok((await a.users.list({})).results.some((u) => u.id === botB));
    await assert.rejects(client(sb, { auth: 'ntn_unknown' }).users.me({}), (e: unknown) => {
      assert.ok(APIResponseError.isAPIResponseError(e));
      return e.status === 401;
    });

    const page = await a.pages.create({ parent: { page_id: sb.rootPageId }, properties: pageTitle('shared') });
    assert.ok(isFullPage(page));
    assert.equal(page.created_by.id, botA);
    sb.advanceClock(120_000);
    const appended = await b.blocks.children.append({ block_id: page.id, children: [para('from B')] });
    const afterB = await a.pages.retrieve({ page_id: page.id });
    assert.ok(isFullPage(afterB));
    assert.equal(afterB.created_by.id, botA);
    assert.equal(afterB.last_edited_by.id, botB);
    assert.equal(afterB.created_time, page.created_time);
    assert.ok(Date.parse(afterB.last_edited_time) >= Date.parse(page.last_edited_time) + 120_000);
    const blockB = appended.results[0] as { created_by: { id: string } };
    assert.equal(blockB.created_by.id, botB);

    // Both at once: every block is authored by its writer, the page's last editor is one of them.
    sb.advanceClock(120_000);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        a.blocks.children.append({ block_id: page.id, children: [para(`A${i}`)] }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        b.blocks.children.append({ block_id: page.id, children: [para(`B${i}`)] }),
      ),
    ]);
    const list = await a.blocks.children.list({ block_id: page.id });
    assert.equal(list.results.length, 11);
    for (const blk of list.results as {
      paragraph: { rich_text: { plain_text: string }[] };
      created_by: { id: string };
    }[]) {
      const t = blk.paragraph.rich_text[0]?.plain_text ?? '';
      assert.equal(blk.created_by.id, t.startsWith('A') ? botA : botB, t);
    }
    const finalPage = await b.pages.retrieve({ page_id: page.id });
    assert.ok(isFullPage(finalPage));
    assert.ok([botA, botB].includes(finalPage.last_edited_by.id));
    assert.ok(Date.parse(finalPage.last_edited_time) >= Date.parse(afterB.last_edited_time) + 120_000);
    // A writes last: A is the last editor again.
    await a.pages.update({ page_id: page.id, properties: pageTitle('shared, renamed by A') });
    const last = await b.pages.retrieve({ page_id: page.id });
    assert.ok(isFullPage(last));
    assert.equal(last.last_edited_by.id, botA);
  });
});

describe('CLI flags for crash and outage tests', () => {
  it('--extra-token, --holds, --outage and --max-upload-bytes take effect; bad specs exit 2', async () => {
    const script =
      "import('./src/sandbox/cli.ts').then((m) => (m.sandboxMain ?? m.default.sandboxMain)(process.argv.slice(1))).then((c) => process.exit(c))";
    const run = (args: string[]) =>
      spawn(process.execPath, ['--import', 'tsx', '-e', script, '--', '--port', '0', '--quiet', ...args], {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const bad = run(['--outage', 'mode=down']);
    assert.equal(await new Promise((r) => bad.on('exit', r)), 2);
    const child = run([
      '--extra-token',
      'ntn_b',
      '--holds',
      'methods=POST,routes=/v1/pages,nth=1',
      '--outage',
      'mode=503,requests=1',
      '--max-upload-bytes',
      '1000',
    ]);
    try {
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
      const sbLike = { url: info.url, token: info.token } as Sandbox;
      const b = client(sbLike, { auth: 'ntn_b' });
      await assert.rejects(b.users.me({}), (e: unknown) => APIResponseError.isAPIResponseError(e) && e.status === 503);
      const me = await b.users.me({});
      assert.ok(me.type === 'bot');
      assert.equal(me.bot.workspace_limits.max_file_upload_size_in_bytes, 1000);
      const pending = client(sbLike).pages.create({
        parent: { page_id: info.rootPageId },
        properties: pageTitle('held'),
      });
      const res = await fetch(`${info.url}/__sandbox/holds/wait?timeoutMs=5000`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { route: string }).route, '/v1/pages');
      await fetch(`${info.url}/__sandbox/holds/release`, { method: 'POST', body: '{}' });
      assert.ok(isFullPage(await pending));
    } finally {
      const exit = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      assert.equal(await exit, 0);
    }
  });
});
