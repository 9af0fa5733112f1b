import { Client, LogLevel } from '@notionhq/client';
import type { SupportedFetch, SupportedResponse } from '@notionhq/client/build/src/fetch-types';
import { AmbiguousWriteError, classifyError, NotionError } from './errors';
import { bindClient } from './sdk';

/** How a request may be retried after a failure. */
export type CallKind =
  | 'read' // GET, query, search: always safe to retry
  | 'idempotent' // update, delete, erase: applying twice is the same as once
  | 'create'; // create page / append children: a retry after an ambiguous failure could duplicate

export interface ApiCallCounts {
  total: number;
  reads: number;
  writes: number;
  retries: number;
  rateLimited: number;
  byRoute: Record<string, number>;
}

export interface GatewayOptions {
  token: string;
  baseUrl?: string;
  /** Average requests per second: Notion allows about 3; we keep a little under it (2.8) so that network jitter never makes us exceed it. 0 disables the throttle. */
  rps?: number;
  /** How many requests may go at once after a quiet period. */
  burst?: number;
  /** Attempts after the first one for transient failures. */
  maxRetries?: number;
  /** First back-off delay in ms; doubles per attempt, with jitter. */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called for every HTTP request and retry, for logs and progress. */
  onEvent?: (event: GatewayEvent) => void;
  random?: () => number;
}

export type GatewayEvent =
  | { type: 'request'; method: string; route: string; status: number; ms: number }
  | { type: 'retry'; route: string; attempt: number; delayMs: number; reason: string };

const DEFAULTS = { rps: 2.8, burst: 3, maxRetries: 5, retryBaseMs: 500, maxRetryDelayMs: 30_000, timeoutMs: 60_000 };

/**
 * The only door to Notion: the official SDK with a fetch of ours underneath that throttles
 * (token bucket, shared pause after a 429), counts every request by route, carries cancellation
 * to the socket, and reads the server's clock. Retries are ours, not the SDK's, so that writes
 * are retried only where that cannot duplicate anything.
 */
export class NotionGateway {
  readonly counts: ApiCallCounts = { total: 0, reads: 0, writes: 0, retries: 0, rateLimited: 0, byRoute: {} };
  private readonly opts: Required<Omit<GatewayOptions, 'signal' | 'onEvent' | 'random'>> &
    Pick<GatewayOptions, 'signal' | 'onEvent'>;
  private readonly random: () => number;
  private tokens: number;
  private lastRefill = Date.now();
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private clockOffsetMs = 0;

  constructor(options: GatewayOptions) {
    this.opts = { ...DEFAULTS, baseUrl: 'https://api.notion.com', ...stripUndefined(options) } as typeof this.opts;
    this.random = options.random ?? Math.random;
    this.tokens = this.opts.burst;
    // The SDK client is private to core/notion (see sdk.ts): everything else uses its typed operations.
    bindClient(
      this,
      new Client({
        auth: options.token,
        baseUrl: this.opts.baseUrl,
        timeoutMs: this.opts.timeoutMs,
        retry: false,
        fetch: this.fetch,
        logLevel: LogLevel.ERROR,
        logger: () => undefined,
      }),
    );
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  /** Notion's idea of "now", from the Date header of its latest answer (falls back to ours). */
  serverNow(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** Runs one SDK call with the retry policy of its kind. */
  async call<T>(kind: CallKind, route: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.throwIfAborted();
      try {
        return await fn();
      } catch (raw) {
        const err = classifyError(raw, route);
        if (err.kind === 'cancelled' || this.opts.signal?.aborted)
          throw new NotionError('cancelled', 'Cancelled', { route });
        if (!err.transient || attempt >= this.retriesFor(err)) {
          throw kind === 'create' && err.ambiguous ? new AmbiguousWriteError(err) : err;
        }
        if (kind === 'create' && err.ambiguous) throw new AmbiguousWriteError(err);
        const delayMs = this.delayFor(err, attempt);
        if (err.kind === 'rate-limited') {
          this.counts.rateLimited++;
          this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delayMs);
        }
        this.counts.retries++;
        this.opts.onEvent?.({ type: 'retry', route, attempt: attempt + 1, delayMs, reason: err.message });
        await sleep(delayMs, this.opts.signal);
      }
    }
  }

  private retriesFor(err: NotionError): number {
    // A rate limit is Notion asking us to wait, not a failure: allow more patience there.
    return err.kind === 'rate-limited' ? this.opts.maxRetries * 2 : this.opts.maxRetries;
  }

  private delayFor(err: NotionError, attempt: number): number {
    const base = this.opts.retryBaseMs * 2 ** attempt;
    const backoff = Math.round(base / 2 + this.random() * base);
    // Retry-After is a minimum; a server that keeps saying "0" still gets a growing pause.
    return Math.min(this.opts.maxRetryDelayMs, Math.max(err.detail.retryAfterMs ?? 0, backoff));
  }

  private throwIfAborted(): void {
    if (this.opts.signal?.aborted) throw new NotionError('cancelled', 'Cancelled');
  }

  /** The fetch the SDK uses: throttle, abort, count, clock. */
  private readonly fetch: SupportedFetch = async (url, init) => {
    await this.takeToken();
    const method = (init?.method ?? 'GET').toUpperCase();
    const route = routeOf(method, url);
    const started = Date.now();
    const response = await fetch(url, {
      method,
      headers: init?.headers,
      body: init?.body,
      signal: this.opts.signal,
    } as RequestInit);
    this.count(method, route);
    const date = response.headers.get('date');
    if (date) {
      const server = Date.parse(date);
      // The Date header has whole seconds: only correct for skews larger than that.
      if (Number.isFinite(server) && Math.abs(server - Date.now()) > 1500) this.clockOffsetMs = server - Date.now();
      else if (Number.isFinite(server)) this.clockOffsetMs = 0;
    }
    this.opts.onEvent?.({ type: 'request', method, route, status: response.status, ms: Date.now() - started });
    return response as unknown as SupportedResponse;
  };

  private count(method: string, route: string): void {
    this.counts.total++;
    if (isRead(method, route)) this.counts.reads++;
    else this.counts.writes++;
    this.counts.byRoute[route] = (this.counts.byRoute[route] ?? 0) + 1;
  }

  /** Token bucket: `rps` tokens a second up to `burst`; requests wait their turn in order. */
  private takeToken(): Promise<void> {
    const next = this.queue.then(async () => {
      for (;;) {
        this.throwIfAborted();
        const now = Date.now();
        if (now < this.pausedUntil) {
          await sleep(this.pausedUntil - now, this.opts.signal);
          continue;
        }
        if (this.opts.rps <= 0) return;
        this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.opts.rps);
        this.lastRefill = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await sleep(Math.ceil(((1 - this.tokens) / this.opts.rps) * 1000), this.opts.signal);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** `PATCH /v1/blocks/{id}/children` from a concrete URL: ids replaced, query dropped. */
export function routeOf(method: string, url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // keep as is
  }
  path = path.replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi, '{id}');
  return `${method} ${path}`;
}

export function isRead(method: string, route: string): boolean {
  return method === 'GET' || (method === 'POST' && (/\/query$/.test(route) || /\/v1\/search$/.test(route)));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new NotionError('cancelled', 'Cancelled'));
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new NotionError('cancelled', 'Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
