import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * One writer at a time per workspace on one machine: a lock file beside the workspace's cache
 * (`<state dir>/<workspace id>.lock`) holding the owner's pid, host, start time and command. A lock
 * whose process is gone (same host, pid not alive) is stale and taken over. Writers on other machines
 * are not seen here: rows converge by key instead (see rows.ts).
 */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command?: string;
}

/** Another run holds the lock and did not let go in time. */
export class LockHeldError extends Error {
  constructor(
    readonly owner: LockOwner,
    readonly file: string,
  ) {
    super(
      `Another notion-sync run is writing to this workspace: ${describeOwner(owner)}. ` +
        `Try again when it has finished (if no such process exists, delete ${file}).`,
    );
    this.name = 'LockHeldError';
  }
}

export function describeOwner(o: LockOwner): string {
  return `pid ${o.pid} on ${o.host}${o.command ? ` (${o.command})` : ''}, started ${o.startedAt}`;
}

export interface WorkspaceLock {
  readonly file: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another run to finish before giving up (ms; default 30 000). */
  waitMs?: number;
  command?: string;
  signal?: AbortSignal;
  /** Called once when the lock is found held and we start waiting. */
  onWait?: (owner: LockOwner) => void;
}

function host(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}

/** Whether a process with this pid exists on this machine. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
    return typeof parsed?.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the owner recorded in a lock file can no longer be holding it. */
function stale(owner: LockOwner | undefined): boolean {
  if (!owner) return true; // unreadable or half-written: its writer died between create and write
  return owner.host === host() && !pidAlive(owner.pid);
}

/** In-process holders (the editor runs several operations in one process): pid liveness cannot tell them apart. */
const heldHere = new Set<string>();

/** Takes the workspace's writer lock, waiting up to `waitMs` for another run to release it. */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<WorkspaceLock> {
  const waitMs = options.waitMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  await fs.mkdir(dirname(file), { recursive: true });
  let told = false;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    if (!heldHere.has(file)) {
      const me: LockOwner = { pid: process.pid, host: host(), startedAt: new Date().toISOString() };
      if (options.command) me.command = options.command;
      try {
        const handle = await fs.open(file, 'wx');
        try {
          await handle.writeFile(JSON.stringify(me));
        } finally {
          await handle.close();
        }
        heldHere.add(file);
        return { file, release: () => release(file, me) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const owner = await readOwner(file);
    if (!heldHere.has(file) && stale(owner)) {
      // Take over a dead run's lock: remove it only if it is still the same dead lock.
      const again = await readOwner(file);
      if (JSON.stringify(again) === JSON.stringify(owner)) await fs.rm(file, { force: true });
      continue;
    }
    const current: LockOwner = owner ?? { pid: process.pid, host: host(), startedAt: 'now' };
    if (Date.now() + delay > deadline || options.signal?.aborted) throw new LockHeldError(current, file);
    if (!told) {
      options.onWait?.(current);
      told = true;
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function release(file: string, me: LockOwner): Promise<void> {
  heldHere.delete(file);
  const owner = await readOwner(file);
  // Never remove a lock someone else took over (ours was judged stale, e.g. after a pid reuse).
  if (owner && owner.pid === me.pid && owner.host === me.host && owner.startedAt === me.startedAt)
    await fs.rm(file, { force: true });
}
