// The state a running sandbox shares between its API and admin faces: the store, accounting, faults, the rate
// limiter, persistence, and how responses are written.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector, TokenBucket } from './faults';
import { Holds } from './holds';
import { Outage, type OutageSpec, checkOutage } from './outage';
import type { SandboxState } from './model';
import { Store, freshState } from './store';
import { type Json, type JsonObject, NotionError, isObject } from './util';

export const NOTION_VERSION = '2025-09-03';
/**
 * Bodies beyond this are not even read (HTTP 413); Notion's own 500 KB limit for JSON is a validation error below
 * it, and file upload parts (≤ 20 MiB) fit.
 */
export const MAX_READ_BYTES = 32 * 1024 * 1024;

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
  /** More accepted tokens, each its own integration (bot user): for two writers with different integrations. */
  extraTokens?: string[];
  /** Kill points (hold SPEC, see README): applied requests whose response is held. */
  holds?: string;
  /** Notion is down from the start. */
  outage?: OutageSpec;
  /** The bot's `workspace_limits.max_file_upload_size_in_bytes` (default 5 MiB, a free plan). */
  maxFileUploadBytes?: number;
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
  /** Requests turned away by an outage (refused connections never arrive, so they are not counted). */
  outages: number;
  /** Responses held at a kill point. */
  held: number;
}

export function emptyStats(now: number): SandboxStats {
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
    outages: 0,
    held: 0,
  };
}

export const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function loadState(file: string | undefined): SandboxState {
  if (file && existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isObject(parsed) && parsed.version === 1 && isObject(parsed.pages)) return parsed as unknown as SandboxState;
    throw new Error(`${file} is not a sandbox data file (version 1).`);
  }
  return freshState();
}

export function readBody(req: IncomingMessage): Promise<{ buf: Buffer; tooBig: boolean }> {
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

export class Runtime {
  readonly store: Store;
  readonly token: string;
  stats: SandboxStats;
  faults: FaultInjector | null;
  bucket: TokenBucket | null;
  readonly holds = new Holds();
  outage: Outage | null = null;
  /** Bearer token → bot user id. */
  readonly bots = new Map<string, string>();
  /** Set once the server listens. */
  url = '';
  /** Set by the server: stop and resume listening (for `refused` outages). */
  listener: { stop(): Promise<void>; start(): Promise<void> } | null = null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(readonly opts: SandboxOptions) {
    this.token = opts.token ?? 'ntn_sandbox_token';
    this.store = new Store(loadState(opts.dataFile));
    if (opts.maxFileUploadBytes !== undefined) this.store.maxFileUploadBytes = opts.maxFileUploadBytes;
    this.bots.set(this.token, this.store.botId);
    for (const t of opts.extraTokens ?? []) {
      if (!this.bots.has(t)) this.bots.set(t, this.store.extraBot(t));
    }
    this.holds.set(opts.holds ?? null);
    this.stats = emptyStats(this.store.now());
    this.faults = opts.faults ? new FaultInjector(opts.faults) : null;
    this.bucket = null;
    this.setRateLimit(opts.rps ?? null, opts.burst);
    if (opts.dataFile) this.saveNow();
  }

  log(msg: string): void {
    if (!this.opts.quiet) process.stderr.write(`notion-sandbox: ${msg}\n`);
  }

  setRateLimit(rps: number | null, burst?: number): void {
    this.bucket = rps && rps > 0 ? new TokenBucket(rps, burst ?? Math.max(1, Math.ceil(rps))) : null;
  }

  setFaults(spec: string | null): void {
    this.faults = spec ? new FaultInjector(spec) : null;
  }

  /** Starts (or with null ends) an outage. */
  async setOutage(spec: OutageSpec | null): Promise<void> {
    const checked = spec ? checkOutage(spec) : null;
    const was = this.outage;
    if (was) was.end();
    this.outage = null;
    if (was?.spec.mode === 'refused' && checked?.mode !== 'refused') await this.listener?.start();
    if (!checked) return;
    const o = new Outage(checked, () => {
      if (this.outage === o) this.setOutage(null).catch((e: unknown) => this.log(`outage end: ${String(e)}`));
    });
    this.outage = o;
    if (checked.mode === 'refused' && was?.spec.mode !== 'refused') await this.listener?.stop();
  }

  resetStats(): void {
    this.stats = emptyStats(this.store.now());
  }

  // --- persistence ---

  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const file = this.opts.dataFile;
    if (!file) return;
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(this.store.state));
    renameSync(tmp, file);
  }

  scheduleSave(): void {
    if (!this.opts.dataFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      try {
        this.saveNow();
      } catch (e) {
        this.log(`could not save ${this.opts.dataFile}: ${String(e)}`);
      }
    }, 200);
  }

  // --- responses ---

  baseHeaders(res: ServerResponse, requestId: string): void {
    res.setHeader('Date', new Date(this.store.now()).toUTCString());
    res.setHeader('x-notion-request-id', requestId);
  }

  sendJson(
    res: ServerResponse,
    status: number,
    body: Json,
    requestId: string,
    extra: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    this.baseHeaders(res, requestId);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(text);
    bump(this.stats.byStatus, String(status));
  }

  sendError(res: ServerResponse, e: NotionError, requestId: string, extra: Record<string, string> = {}): void {
    const body: JsonObject = {
      object: 'error',
      status: e.status,
      code: e.code,
      message: e.message,
      request_id: requestId,
    };
    if (e.additionalData) body.additional_data = e.additionalData;
    this.sendJson(res, e.status, body, requestId, extra);
  }
}
