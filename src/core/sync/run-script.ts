import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { resolve, relative } from 'node:path';
import { classifyPath } from '../inventory';
import type { RunStatus } from './execlog';
import { flushPendingLogs, recordExecution } from './execlog';
import { newGatewayHealth } from '../notion/gateway';
import type { EngineContext } from './session';
import { loadState, openSession } from './session';
import { executionLogDatabase, runSync } from './sync';
import { mappingOf, resolveCached } from './workspace-index';

export interface RunOptions {
  argv: string[];
  /** The script this run executes, workspace-relative or absolute; linked to its Scripts row. */
  scriptPath?: string;
  /** Where the child's stdout goes (the CLI sends it to stderr with --json). */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd?: string;
  /** Lines of output kept for the log's page body. */
  tailLines?: number;
}

export interface RunReport {
  exitCode: number;
  signal?: NodeJS.Signals;
  status: RunStatus;
  executionLogPageId?: string;
  queued: boolean;
  note?: string;
  scriptPageId?: string;
}

/** Keeps the last N lines of a stream of chunks. */
class Tail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}
  push(chunk: string, prefix: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.lines.push(prefix + p);
    if (this.lines.length > this.max * 2) this.lines = this.lines.slice(-this.max);
  }
  done(): string[] {
    if (this.partial) this.lines.push(this.partial);
    return this.lines.slice(-this.max);
  }
}

/**
 * Runs a command with its output streaming through, then records one Execution Logs row about it.
 * The command runs whatever Notion's state: when Notion cannot be reached the row is queued locally
 * and sent by the next run or sync that reaches it. Ctrl-C (SIGINT) and SIGTERM go to the child.
 */
export async function runWithLog(runCtx: EngineContext, options: RunOptions): Promise<RunReport> {
  let ctx = runCtx;
  const started = new Date();
  const tail = new Tail(options.tailLines ?? 60);
  const [cmd, ...args] = options.argv;
  if (!cmd) throw new Error('No command to run: give it after "--".');

  const child = spawn(cmd, args, {
    cwd: options.cwd ?? ctx.config.root,
    stdio: ['inherit', 'pipe', 'pipe'],
    env: process.env,
  });
  const forward = (sig: NodeJS.Signals) => (): void => {
    if (!child.killed) child.kill(sig);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // Cancelling the run (the editor's terminal, a caller's AbortSignal) interrupts the command like Ctrl-C.
  ctx.signal?.addEventListener('abort', onInt, { once: true });
  child.stdout!.on('data', (c: Buffer) => {
    options.stdout.write(c);
    tail.push(c.toString('utf8'), '');
  });
  child.stderr!.on('data', (c: Buffer) => {
    options.stderr.write(c);
    tail.push(c.toString('utf8'), '');
  });
  const { code, signal, spawnError } = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    spawnError?: Error;
  }>((done) => {
    child.once('error', (err) => done({ code: null, signal: null, spawnError: err }));
    child.once('close', (c, s) => done({ code: c, signal: s }));
  });
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  ctx.signal?.removeEventListener('abort', onInt);
  const finished = new Date();
  // The bookkeeping below must happen even when the run itself was cancelled, and must not keep the
  // user waiting long when Notion is down: few retries, then the log is queued for the next run.
  ctx = {
    ...ctx,
    signal: undefined,
    gateway: { ...ctx.gateway, maxRetries: Math.min(ctx.gateway?.maxRetries ?? 2, 2) },
    // One "Notion is down" budget for the script's sync and the log together.
    health: ctx.health ?? newGatewayHealth(),
  };

  let exitCode: number;
  let status: RunStatus;
  if (spawnError) {
    exitCode = (spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 126;
    status = 'failed';
    tail.push(`${spawnError.message}\n`, '');
    options.stderr.write(`notion-sync run: cannot start "${cmd}": ${spawnError.message}\n`);
  } else if (signal) {
    exitCode = 128 + (constants.signals[signal] ?? 0);
    status = signal === 'SIGINT' || signal === 'SIGTERM' ? 'cancelled' : 'failed';
  } else {
    exitCode = code ?? 1;
    status = exitCode === 0 ? 'success' : 'failed';
  }

  // Notion bookkeeping comes after the command, so a slow or absent Notion never delays it.
  const state = await loadState(ctx);
  const relScript = options.scriptPath
    ? relative(ctx.config.root, resolve(ctx.config.root, options.scriptPath)).split('\\').join('/')
    : undefined;
  const opened =
    ctx.token && ctx.config.executionLogs.databaseId ? await openSession(ctx, state) : { session: undefined };
  const session = opened.session;
  let scriptPageId: string | undefined;
  let note: string | undefined;
  if (session && relScript && classifyPath(ctx.config, relScript) === 'scripts') {
    try {
      // The script's row must exist (and be current) for the relation: sync it first.
      await state.save();
      await runSync({ ...ctx, onProgress: undefined }, { paths: [relScript] });
      const st = await loadState(ctx);
      scriptPageId = Object.entries(st.data.pages).find(([, m]) => m.path === relScript)?.[0];
      Object.assign(state.data, st.data);
    } catch (err) {
      note = `The script could not be synced first (${err instanceof Error ? err.message : String(err)}); the log names its path only.`;
    }
  }
  let logDb = await executionLogDatabase(ctx, session, state);
  if (session && logDb && !logDb.dataSourceId) logDb = undefined;
  if (session) {
    await flushPendingLogs(session.gw, state, (id) =>
      resolveCached(session, state, id, false, mappingOf(ctx.config, id)),
    ).catch(() => undefined);
  }
  const result = await recordExecution(
    session?.gw,
    state,
    ctx.config,
    {
      name: `${relScript ?? cmd} ${started.toISOString().slice(0, 16).replace('T', ' ')}`,
      status,
      started,
      finished,
      trigger: ctx.trigger,
      command: options.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' '),
      exitCode,
      apiCalls: session?.gw.counts.total,
      scriptPath: relScript,
      scriptPageId,
      secrets: ctx.token ? [ctx.token] : [],
      body: [
        `$ ${options.argv.join(' ')}`,
        `exit ${exitCode}${signal ? ` (${signal})` : ''} after ${((finished.getTime() - started.getTime()) / 1000).toFixed(1)} s`,
        '',
        ...tail.done(),
      ],
    },
    logDb ?? (ctx.config.executionLogs.databaseId ? { databaseId: ctx.config.executionLogs.databaseId } : undefined),
  );
  await state.save();
  return {
    exitCode,
    signal: signal ?? undefined,
    status,
    executionLogPageId: result.pageId,
    queued: result.queued,
    note: note ?? result.reason,
    scriptPageId,
  };
}
