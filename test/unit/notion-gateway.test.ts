import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotionGateway, newGatewayHealth } from '../../src/core/notion/gateway';
import { NotionUnreachableError } from '../../src/core/notion/errors';
import { sdk } from '../../src/core/notion/sdk';

/** A server that answers each request with the next status of a script (the last one repeats). */
function scripted(statuses: number[]): { server: Server; hits: () => number; url: () => string } {
  let n = 0;
  const server = createServer((req, res) => {
    const status = statuses[Math.min(n, statuses.length - 1)]!;
    n++;
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
    res.end(
      status === 200
        ? JSON.stringify({ object: 'user', id: 'u1', type: 'bot', bot: {} })
        : JSON.stringify({
            object: 'error',
            status,
            code: status === 429 ? 'rate_limited' : 'service_unavailable',
            message: 'x',
          }),
    );
  });
  return {
    server,
    hits: () => n,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

async function listen(s: Server): Promise<void> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
}

function me(gw: NotionGateway): Promise<unknown> {
  return gw.call('read', 'users.me', () => sdk(gw).users.me({}));
}

const FAST = { rps: 0, retryBaseMs: 1, maxRetryDelayMs: 5, maxRetries: 5 };

describe('gateway: one shared budget for "Notion is down"', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));
  async function start(statuses: number[]) {
    const s = scripted(statuses);
    servers.push(s.server);
    await listen(s.server);
    return s;
  }

  test('after N failures in a row the gateway declares Notion down; later calls fail at once, unsent', async () => {
    const s = await start([503]);
    const gw = new NotionGateway({ token: 't', baseUrl: s.url(), ...FAST, unreachableAfter: 3 });
    await assert.rejects(me(gw), (e: Error) => /503/.test(e.message));
    assert.equal(s.hits(), 3, 'the budget, not the per-call retries (6 attempts), decided');
    assert.ok(gw.unreachable);
    const t0 = Date.now();
    await assert.rejects(me(gw), (e: unknown) => e instanceof NotionUnreachableError && !e.ambiguous);
    await assert.rejects(
      gw.call('create', 'pages.create', () => sdk(gw).users.me({})),
      (e: unknown) => e instanceof NotionUnreachableError,
    );
    assert.equal(s.hits(), 3, 'nothing more was sent');
    assert.ok(Date.now() - t0 < 50);
  });

  test('failures separated by successes do not add up', async () => {
    const s = await start([503, 503, 200, 503, 503, 200, 503, 503, 200]);
    const gw = new NotionGateway({ token: 't', baseUrl: s.url(), ...FAST, unreachableAfter: 3 });
    for (let i = 0; i < 3; i++) await me(gw);
    assert.equal(gw.unreachable, undefined);
    assert.equal(s.hits(), 9);
  });

  test('rate limits are Notion being busy, not down: they do not count', async () => {
    const s = await start([429, 429, 429, 429, 429, 200]);
    const gw = new NotionGateway({ token: 't', baseUrl: s.url(), ...FAST, unreachableAfter: 2 });
    await me(gw);
    assert.equal(gw.unreachable, undefined);
  });

  test('unreachableAfter 0 (background work) keeps only the per-call retries', async () => {
    const s = await start([503]);
    const gw = new NotionGateway({ token: 't', baseUrl: s.url(), ...FAST, unreachableAfter: 0 });
    await assert.rejects(me(gw));
    await assert.rejects(me(gw));
    assert.equal(s.hits(), 12, 'two calls of six attempts each');
    assert.equal(gw.unreachable, undefined);
  });

  test('gateways sharing one health object share one budget (a run with several sessions)', async () => {
    const s = await start([503]);
    const health = newGatewayHealth();
    const a = new NotionGateway({ token: 't', baseUrl: s.url(), ...FAST, maxRetries: 1, unreachableAfter: 3, health });
    const b = new NotionGateway({ token: 't', baseUrl: s.url(), ...FAST, maxRetries: 1, unreachableAfter: 3, health });
    await assert.rejects(me(a));
    assert.equal(health.down, undefined, 'two failures: not yet');
    await assert.rejects(me(b));
    assert.ok(b.unreachable && a.unreachable, 'the third, from the other gateway, spends the budget');
    assert.equal(s.hits(), 3);
  });

  test('a connection refused counts too', async () => {
    const s = await start([200]);
    const url = s.url();
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
    const gw = new NotionGateway({ token: 't', baseUrl: url, ...FAST, unreachableAfter: 2 });
    await assert.rejects(me(gw));
    assert.ok(gw.unreachable);
  });
});
