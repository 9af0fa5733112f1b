// Starts the sandbox: one HTTP server for the Notion API (api.ts) and the admin routes (admin.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { handleApi } from './api';
import type { SandboxState } from './model';
import { Runtime, type SandboxOptions, type SandboxStats } from './runtime';
import type { HumanEdit } from './store';
import type { JsonObject } from './util';

export { NOTION_VERSION } from './runtime';
export type { SandboxOptions, SandboxStats } from './runtime';

export interface Sandbox {
  /** `http://127.0.0.1:PORT` — pass as `baseUrl` to `@notionhq/client` (no `/v1`). */
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
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const rt = new Runtime(opts);
  const { store } = rt;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const work =
      url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)
        ? handleAdmin(rt, req, res, url.pathname)
        : handleApi(rt, req, res, url);
    work.catch((e: unknown) => {
      rt.log(`request failed: ${String(e)}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  rt.url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
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
  };
  return sandbox;
}
