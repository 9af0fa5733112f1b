// Shared helpers of the benchmark: machine facts, timing, workspaces on disk, engine contexts.
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../src/core/config';
import type { EngineContext } from '../src/core/sync';
import type { Sandbox, SandboxStats } from '../src/sandbox';

export const BENCH_DIR = resolve(import.meta.dirname);
export const REPO_ROOT = resolve(BENCH_DIR, '..');
/** Generated workspaces and scratch files (git-ignored). */
export const WORK_DIR = join(BENCH_DIR, '.work');

/** Notion's published average rate limit, used for the sandbox and our own client. */
export const NOTION_RPS = 3;

export interface MachineFacts {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  /** 1-minute load average at the start: other work on the machine skews the local timings. */
  loadAverage: number;
}

export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    loadAverage: round(loadavg()[0] ?? 0, 1),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Milliseconds since `start` (performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: since(start) };
}

/** Writes files (relative path → text) under a fresh folder. */
export async function writeWorkspace(dir: string, files: Record<string, string>): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const dirs = new Set<string>();
  for (const rel of Object.keys(files)) dirs.add(dirname(join(dir, rel)));
  for (const d of dirs) await mkdir(d, { recursive: true });
  const entries = Object.entries(files);
  for (let i = 0; i < entries.length; i += 64) {
    await Promise.all(entries.slice(i, i + 64).map(([rel, text]) => writeFile(join(dir, rel), text)));
  }
  return dir;
}

/** An engine context against the sandbox, the way the CLI builds one, with our client's throttle set. */
export async function engineContext(
  workspace: string,
  sandbox: Sandbox,
  stateDir: string,
  throttle: { rps?: number; burst?: number },
): Promise<EngineContext> {
  return {
    config: await loadConfig(workspace),
    token: sandbox.token,
    apiBaseUrl: sandbox.url,
    trigger: 'cli',
    stateDir,
    command: 'npm run bench',
    gateway: throttle.rps === undefined ? undefined : { rps: throttle.rps, burst: throttle.burst },
  };
}

/** Our client as shipped: the gateway's default throttle (src/core/notion/gateway.ts), no override. */
export const CLIENT_THROTTLE: { rps?: number; burst?: number } = {};
/** No client throttle: for setup work while the sandbox's rate limiter is off. */
export const NO_THROTTLE = { rps: 0 };

/** The default throttle of our gateway as written in its source (for the report; not exported by the module). */
export function clientDefaults(): string {
  try {
    const text = readFileSync(join(REPO_ROOT, 'src', 'core', 'notion', 'gateway.ts'), 'utf8');
    const m = /const DEFAULTS = \{([^}]*)\}/.exec(text);
    const rps = m && /rps:\s*([\d.]+)/.exec(m[1]!)?.[1];
    const burst = m && /burst:\s*([\d.]+)/.exec(m[1]!)?.[1];
    return rps ? `${rps} requests/s with a bucket of ${burst ?? '?'}` : 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface RequestCounts {
  total: number;
  reads: number;
  writes: number;
  rateLimited: number;
  rejected: number;
  byRoute: Record<string, number>;
}

/** The sandbox's own accounting (every request on arrival, rate-limited ones included). */
export function countsOf(stats: SandboxStats): RequestCounts {
  const rejected = Object.entries(stats.byStatus)
    .filter(([code]) => code !== '200' && code !== '429')
    .reduce((n, [, v]) => n + v, 0);
  return {
    total: stats.total,
    reads: stats.reads,
    writes: stats.writes,
    rateLimited: stats.rateLimited,
    rejected,
    byRoute: { ...stats.byRoute },
  };
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
