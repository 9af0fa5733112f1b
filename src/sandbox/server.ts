// Starts the sandbox: one HTTP server for the Notion API (api.ts) and the admin routes (admin.ts).
import { createServer, type Server } from 'node:http';
import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { HeldRequest } from './holds';
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { handleApi } from './api';
import type { SandboxState } from './model';
import type { OutageSpec } from './outage';
import { Runtime, type SandboxOptions, type SandboxStats } from './runtime';
import type { HumanEdit } from './store';
import type { JsonObject } from './util';

export { NOTION_VERSION } from './runtime';
export type { SandboxOptions, SandboxStats } from './runtime';

export interface Sandbox {
  /** `http://127.0.0.1:PORT` — pass as `baseUrl` to Notion's JavaScript SDK (no `/v1`). */
  url: string;
  token: string;
  /** A page shared with the integration, to use as parent for `init`. */
  readonly rootPageId: string;
  close(): Promise<void>;
  stats(): SandboxStats;
  resetStats(): void;
  /** A deep copy of the whole workspace state. */
  state(): SandboxState;
  /** Moves the sandbox clock forward; returns the new time as ISO. */
  advanceClock(ms: number): string;
  /** The sandbox clock's current time. */
  now(): Date;
  /** Simulates a person editing a page in Notion; returns the page object. */
  humanEdit(edit: HumanEdit): JsonObject;
  /** Creates a page (as the person user) under the root page, or under `parentPageId`. */
  seedPage(title: string, parentPageId?: string): JsonObject;
  /** Replaces the fault SPEC; null or '' turns faults off. */
  setFaults(spec: string | null): void;
  /** Sets (or with null, removes) the rate limiter. */
  setRateLimit(rps: number | null, burst?: number): void;
  /** The bot user id of a token (the main one by default); undefined for an unknown token. */
  botIdFor(token?: string): string | undefined;
  /** Replaces the kill points (hold SPEC); null or '' removes them (held responses stay held). */
  setHolds(spec: string | null): void;
  /** Responses held at kill points, oldest first. */
  held(): HeldRequest[];
  /** The oldest held request, waiting up to `timeoutMs` (default 10 s) for one; null on timeout. */
  waitForHold(timeoutMs?: number): Promise<HeldRequest | null>;
  /** Sends (`send`, default) or drops (`reset`) the held response `id`, or all of them; returns how many. */
  releaseHold(id?: number | null, action?: 'send' | 'reset'): number;
  /** Emits `hold` (HeldRequest) when a response is held. */
  readonly events: EventEmitter;
  /** Starts an outage (see OutageSpec), or ends it with null. Resolves once it is in force. */
  setOutage(spec: OutageSpec | null): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const rt = new Runtime(opts);
  const { store } = rt;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const work =
      url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)
        ? handleAdmin(rt, req, res, url.pathname, url.searchParams)
        : handleApi(rt, req, res, url);
    work.catch((e: unknown) => {
      rt.log(`request failed: ${String(e)}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  });

  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(opts.port ?? 0);
  const addr = server.address() as AddressInfo;
  let listening = true;
  rt.listener = {
    stop: () =>
      new Promise<void>((resolve) => {
        if (!listening) return resolve();
        listening = false;
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    start: async () => {
      if (listening || closed) return;
      await listen(addr.port);
      listening = true;
    },
  };
  if (opts.outage) await rt.setOutage(opts.outage);
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  rt.url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  store.fileBaseUrl = rt.url;
  let closed = false;

  const sandbox: Sandbox = {
    url: rt.url,
    token: rt.token,
    get rootPageId() {
      return store.state.rootPageId;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        rt.saveNow();
      } catch (e) {
        rt.log(`could not save ${opts.dataFile}: ${String(e)}`);
      }
      rt.outage?.end();
      rt.outage = null;
      rt.holds.release(null, 'reset');
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    stats: () => structuredClone(rt.stats),
    resetStats: () => rt.resetStats(),
    state: () => structuredClone(store.state),
    advanceClock: (ms) => {
      const t = store.advanceClock(ms);
      rt.scheduleSave();
      return new Date(t).toISOString();
    },
    now: () => new Date(store.now()),
    humanEdit: (edit) => {
      const page = store.humanEdit(edit);
      rt.scheduleSave();
      return page;
    },
    seedPage: (title, parentPageId) => {
      const page = store.seedPage(title, parentPageId);
      rt.scheduleSave();
      return page;
    },
    setFaults: (spec) => rt.setFaults(spec),
    setRateLimit: (rps, burst) => rt.setRateLimit(rps, burst),
    botIdFor: (t) => rt.bots.get(t ?? rt.token),
    setHolds: (spec) => rt.holds.set(spec),
    held: () => rt.holds.list(),
    waitForHold: (timeoutMs = 10_000) => rt.holds.wait(timeoutMs),
    releaseHold: (id, action = 'send') => rt.holds.release(id ?? null, action),
    events: rt.holds,
    setOutage: (spec) => rt.setOutage(spec),
  };
  return sandbox;
}
