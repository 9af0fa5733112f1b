// The HTTP face of the sandbox: Notion's wire protocol, rate limiting, faults, accounting, admin routes.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from './content';
import { FaultInjector, type FaultKind, TokenBucket } from './faults';
import type { SandboxState } from './model';
import { type HumanEdit, Store, freshState } from './store';
import { type Json, type JsonObject, NotionError, isObject, newId, show } from './util';

export const NOTION_VERSION = '2025-09-03';
const ADMIN_PREFIX = '/__sandbox';
/** Bodies beyond this are not even read (HTTP 413); Notion's own 500 KB limit is a validation error below it. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

export interface SandboxOptions {
  port?: number;
  host?: string;
  token?: string;
  /** Average requests per second of the token bucket; unset = no rate limiting. */
  rps?: number;
  /** Tokens the bucket can bank (default: max(1, rps)). */
  burst?: number;
  /** Fault SPEC (see README). */
  faults?: string;
  /** JSON file to load at start and save to after writes. */
  dataFile?: string;
  /** Fixed Retry-After for rate-limited responses (e.g. 0 in tests). */
  retryAfterSeconds?: number;
  /** No diagnostics on stderr. */
  quiet?: boolean;
}

export interface SandboxStats {
  since: string;
  total: number;
  reads: number;
  writes: number;
  byRoute: Record<string, number>;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
  faults: { total: number; byKind: Record<string, number> };
}

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

type Handler = (c: {
  id: string;
  body: Record<string, unknown>;
  query: URLSearchParams;
  store: Store;
  actor: string;
}) => JsonObject;

interface Route {
  method: string;
  template: string;
  parts: string[];
  read: boolean;
  handler: Handler;
}

function route(method: string, template: string, read: boolean, handler: Handler): Route {
  return { method, template, parts: template.split('/').filter(Boolean), read, handler };
}

const ROUTES: Route[] = [
  route('GET', '/v1/users/me', true, ({ store }) => store.usersMe()),
  route('GET', '/v1/users', true, ({ store, query }) => store.userList(query)),
  route('GET', '/v1/users/{id}', true, ({ store, id }) => store.userGet(id)),
  route('POST', '/v1/search', true, ({ store, body }) => store.search(body)),
  route('POST', '/v1/databases', false, ({ store, body, actor }) => store.databaseCreate(body, actor)),
  route('GET', '/v1/databases/{id}', true, ({ store, id }) => store.databaseGet(id)),
  route('PATCH', '/v1/databases/{id}', false, ({ store, id, body, actor }) => store.databaseUpdate(id, body, actor)),
  route('GET', '/v1/data_sources/{id}', true, ({ store, id }) => store.dataSourceGet(id)),
  route('PATCH', '/v1/data_sources/{id}', false, ({ store, id, body, actor }) =>
    store.dataSourceUpdate(id, body, actor),
  ),
  route('POST', '/v1/data_sources/{id}/query', true, ({ store, id, body, query }) =>
    store.dataSourceQuery(id, body, query),
  ),
  route('POST', '/v1/pages', false, ({ store, body, actor }) => store.pageCreate(body, actor)),
  route('GET', '/v1/pages/{id}', true, ({ store, id, query }) => store.pageGet(id, query)),
  route('PATCH', '/v1/pages/{id}', false, ({ store, id, body, actor }) => store.pageUpdate(id, body, actor)),
  route('GET', '/v1/blocks/{id}', true, ({ store, id }) => store.blockGet(id)),
  route('PATCH', '/v1/blocks/{id}', false, ({ store, id, body, actor }) => store.blockUpdate(id, body, actor)),
  route('DELETE', '/v1/blocks/{id}', false, ({ store, id, actor }) => store.blockDelete(id, actor)),
  route('GET', '/v1/blocks/{id}/children', true, ({ store, id, query }) => store.childrenList(id, query)),
  route('PATCH', '/v1/blocks/{id}/children', false, ({ store, id, body, actor }) =>
    store.childrenAppend(id, body, actor),
  ),
];

function matchRoute(method: string, path: string): { route: Route; id: string } | { route: null; template: string } {
  const parts = path.split('/').filter(Boolean);
  let shape: string | null = null;
  for (const r of ROUTES) {
    if (r.parts.length !== parts.length) continue;
    let id = '';
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const want = r.parts[i] as string;
      const got = parts[i] as string;
      if (want === '{id}') id = safeDecode(got);
      else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // users/me before users/{id}: the table lists literal routes first.
    if (r.method === method) return { route: r, id };
    shape ??= r.template;
  }
  return { route: null, template: shape ?? '(unknown)' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function emptyStats(now: number): SandboxStats {
  return {
    since: new Date(now).toISOString(),
    total: 0,
    reads: 0,
    writes: 0,
    byRoute: {},
    byMethod: {},
    byStatus: {},
    rateLimited: 0,
    faults: { total: 0, byKind: {} },
  };
}

const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

const FAULT_ERRORS: Record<string, [number, string, string]> = {
  '500': [500, 'internal_server_error', 'An unexpected error occurred. Reach out to Notion support.'],
  '503': [503, 'service_unavailable', 'Notion is unavailable. Please try again later.'],
  '504': [
    504,
    'gateway_timeout',
    'Notion timed out while attempting to complete this request. Please try again later.',
  ],
  '529': [529, 'service_overload', 'Notion is temporarily overloaded. Please try again later.'],
};

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

function loadState(file: string | undefined): SandboxState {
  if (file && existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isObject(parsed) && parsed.version === 1 && isObject(parsed.pages)) return parsed as unknown as SandboxState;
    throw new Error(`${file} is not a sandbox data file (version 1).`);
  }
  return freshState();
}

function readBody(req: IncomingMessage): Promise<{ buf: Buffer; tooBig: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_READ_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ buf: Buffer.concat(chunks), tooBig }));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const token = opts.token ?? 'ntn_sandbox_token';
  const store = new Store(loadState(opts.dataFile));
  let stats = emptyStats(store.now());
  let faults = opts.faults ? new FaultInjector(opts.faults) : null;
  const makeBucket = (rps: number | null | undefined, burst?: number): TokenBucket | null =>
    rps && rps > 0 ? new TokenBucket(rps, burst ?? Math.max(1, Math.ceil(rps))) : null;
  let bucket = makeBucket(opts.rps, opts.burst);
  const log = (msg: string): void => {
    if (!opts.quiet) process.stderr.write(`notion-sandbox: ${msg}\n`);
  };

  // --- persistence ---
  let saveTimer: NodeJS.Timeout | null = null;
  const saveNow = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (!opts.dataFile) return;
    const tmp = `${opts.dataFile}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(store.state));
    renameSync(tmp, opts.dataFile);
  };
  const scheduleSave = (): void => {
    if (!opts.dataFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      try {
        saveNow();
      } catch (e) {
        log(`could not save ${opts.dataFile}: ${String(e)}`);
      }
    }, 200);
  };
  if (opts.dataFile) saveNow();

  // --- responses ---
  const baseHeaders = (res: ServerResponse, requestId: string): void => {
    res.setHeader('Date', new Date(store.now()).toUTCString());
    res.setHeader('x-notion-request-id', requestId);
  };
  const sendJson = (
    res: ServerResponse,
    status: number,
    body: Json,
    requestId: string,
    extra: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    baseHeaders(res, requestId);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(text);
    bump(stats.byStatus, String(status));
  };
  const sendError = (
    res: ServerResponse,
    e: NotionError,
    requestId: string,
    extra: Record<string, string> = {},
  ): void => {
    const body: JsonObject = {
      object: 'error',
      status: e.status,
      code: e.code,
      message: e.message,
      request_id: requestId,
    };
    if (e.additionalData) body.additional_data = e.additionalData;
    sendJson(res, e.status, body, requestId, extra);
  };

  // --- admin ---
  const admin = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const rid = newId();
    const { buf } = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      if (buf.length > 0) {
        const parsed: unknown = JSON.parse(buf.toString('utf8'));
        if (isObject(parsed)) body = parsed;
      }
    } catch {
      sendJson(res, 400, { error: 'invalid JSON' }, rid);
      return;
    }
    const m = req.method ?? 'GET';
    const sub = path.slice(ADMIN_PREFIX.length) || '/';
    try {
      let out: Json;
      if (m === 'GET' && sub === '/health') out = { ok: true };
      else if (m === 'GET' && sub === '/stats') out = structuredClone(stats) as unknown as Json;
      else if (m === 'POST' && sub === '/reset-stats') {
        stats = emptyStats(store.now());
        out = { ok: true };
      } else if (m === 'GET' && sub === '/state') out = store.state as unknown as Json;
      else if (sub === '/clock' && m === 'GET')
        out = { now: new Date(store.now()).toISOString(), offsetMs: store.state.clockOffsetMs };
      else if (sub === '/clock' && m === 'POST') {
        if (typeof body.advanceMs === 'number') store.advanceClock(body.advanceMs);
        else if (typeof body.set === 'string' && !Number.isNaN(Date.parse(body.set)))
          store.setClock(Date.parse(body.set));
        else throw new Error('expected {"advanceMs": number} or {"set": ISO date}');
        scheduleSave();
        out = { now: new Date(store.now()).toISOString(), offsetMs: store.state.clockOffsetMs };
      } else if (sub === '/faults' && m === 'GET') out = { spec: faults?.spec ?? null };
      else if (sub === '/faults' && m === 'POST') {
        const spec = body.spec;
        if (spec !== null && spec !== undefined && typeof spec !== 'string')
          throw new Error('expected {"spec": string|null}');
        faults = spec ? new FaultInjector(spec) : null;
        out = { spec: faults?.spec ?? null };
      } else if (sub === '/rate-limit' && m === 'POST') {
        const rps = typeof body.rps === 'number' ? body.rps : null;
        bucket = makeBucket(rps, typeof body.burst === 'number' ? body.burst : undefined);
        out = { rps: bucket?.rps ?? null, burst: bucket?.burst ?? null };
      } else if (sub === '/human-edit' && m === 'POST') {
        if (typeof body.pageId !== 'string') throw new Error('expected {"pageId": string, …}');
        out = store.humanEdit(body as unknown as HumanEdit);
        scheduleSave();
      } else if (sub === '/seed' && m === 'POST') {
        out = store.seedPage(
          typeof body.title === 'string' ? body.title : 'Seeded page',
          typeof body.parentPageId === 'string' ? body.parentPageId : undefined,
        );
        scheduleSave();
      } else if (sub === '/info' && m === 'GET') {
        out = {
          url: sandbox.url,
          rootPageId: store.state.rootPageId,
          botId: store.botId,
          personId: store.personId,
          notionVersion: NOTION_VERSION,
        };
      } else {
        sendJson(res, 404, { error: `unknown admin route ${m} ${path}` }, rid);
        return;
      }
      sendJson(res, 200, out, rid);
    } catch (e) {
      const status = e instanceof NotionError ? e.status : 400;
      sendJson(res, status, { error: e instanceof Error ? e.message : String(e) }, rid);
    }
  };

  // --- Notion API ---
  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const requestId = newId();
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = matchRoute(method, url.pathname);
    const template = matched.route ? matched.route.template : matched.template;
    const isRead = matched.route ? matched.route.read : method === 'GET';
    stats.total += 1;
    bump(stats.byRoute, `${method} ${template}`);
    bump(stats.byMethod, method);
    if (isRead) stats.reads += 1;
    else stats.writes += 1;

    const { buf, tooBig } = await readBody(req);

    if (bucket) {
      const wait = bucket.take();
      if (wait > 0) {
        stats.rateLimited += 1;
        const retry = opts.retryAfterSeconds ?? wait;
        sendError(
          res,
          new NotionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
          requestId,
          { 'Retry-After': String(retry) },
        );
        return;
      }
    }

    let applied500 = false;
    const fault = faults?.decide(method, template) ?? null;
    if (fault) {
      stats.faults.total += 1;
      bump(stats.faults.byKind, fault.kind);
      const kind: FaultKind = fault.kind;
      if (kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (kind === 'slow') await sleep(fault.delayMs);
      else if (kind === 'applied500') applied500 = true;
      else if (kind === '429') {
        const retry = fault.retryAfter ?? opts.retryAfterSeconds ?? 1;
        sendError(
          res,
          new NotionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
          requestId,
          { 'Retry-After': String(retry) },
        );
        return;
      } else if (kind === '502') {
        baseHeaders(res, requestId);
        res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(BAD_GATEWAY_HTML) });
        res.end(BAD_GATEWAY_HTML);
        bump(stats.byStatus, '502');
        return;
      } else {
        const [status, code, message] = FAULT_ERRORS[kind] ?? [
          500,
          'internal_server_error',
          'An unexpected error occurred.',
        ];
        sendError(res, new NotionError(status, code, message), requestId);
        return;
      }
    }

    try {
      const version = req.headers['notion-version'];
      if (version === undefined) {
        throw new NotionError(
          400,
          'missing_version',
          'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
        );
      }
      if (version !== NOTION_VERSION) {
        throw new NotionError(
          400,
          'validation_error',
          `Notion-Version header failed validation: Notion-Version header should be \`${JSON.stringify(NOTION_VERSION)}\`, instead was ${show(version)}.`,
        );
      }
      const auth = req.headers.authorization;
      if (auth !== `Bearer ${token}`) throw new NotionError(401, 'unauthorized', 'API token is invalid.');
      if (!matched.route) throw new NotionError(400, 'invalid_request_url', 'Invalid request URL.');
      if (tooBig)
        throw new NotionError(413, 'validation_error', `Request body too large: more than ${MAX_READ_BYTES} bytes.`);
      let body: Record<string, unknown> = {};
      if (buf.length > 0 && method !== 'GET' && method !== 'DELETE') {
        if (buf.length > LIMITS.bodyBytes) {
          // Notion documents a 500 KB payload limit; the exact wording of its error is unconfirmed.
          throw new NotionError(
            400,
            'validation_error',
            `body failed validation: the request body should be ≤ \`${LIMITS.bodyBytes}\` bytes, instead was \`${buf.length}\`.`,
          );
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(buf.toString('utf8'));
        } catch {
          throw new NotionError(400, 'invalid_json', 'Error parsing JSON body.');
        }
        if (!isObject(parsed))
          throw new NotionError(
            400,
            'validation_error',
            `body failed validation: body should be an object, instead was ${show(parsed)}.`,
          );
        body = parsed;
      }
      const result = matched.route.handler({
        id: matched.id,
        body,
        query: url.searchParams,
        store,
        actor: store.botId,
      });
      if (!matched.route.read) scheduleSave();
      if (applied500) {
        sendError(
          res,
          new NotionError(500, 'internal_server_error', 'An unexpected error occurred. Reach out to Notion support.'),
          requestId,
        );
        return;
      }
      sendJson(res, 200, result, requestId);
    } catch (e) {
      if (e instanceof NotionError) {
        sendError(res, e, requestId);
        return;
      }
      log(`internal error on ${method} ${url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      sendError(
        res,
        new NotionError(500, 'internal_server_error', 'An unexpected error occurred. Reach out to Notion support.'),
        requestId,
      );
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const work =
      url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)
        ? admin(req, res, url.pathname)
        : api(req, res, url);
    work.catch((e: unknown) => {
      log(`request failed: ${String(e)}`);
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
  let closed = false;

  const sandbox: Sandbox = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`,
    token,
    get rootPageId() {
      return store.state.rootPageId;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        saveNow();
      } catch (e) {
        log(`could not save ${opts.dataFile}: ${String(e)}`);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats(store.now());
    },
    state: () => structuredClone(store.state),
    advanceClock: (ms) => {
      const t = store.advanceClock(ms);
      scheduleSave();
      return new Date(t).toISOString();
    },
    now: () => new Date(store.now()),
    humanEdit: (edit) => {
      const page = store.humanEdit(edit);
      scheduleSave();
      return page;
    },
    seedPage: (title, parentPageId) => {
      const page = store.seedPage(title, parentPageId);
      scheduleSave();
      return page;
    },
    setFaults: (spec) => {
      faults = spec ? new FaultInjector(spec) : null;
    },
    setRateLimit: (rps, burst) => {
      bucket = makeBucket(rps, burst);
    },
  };
  return sandbox;
}
