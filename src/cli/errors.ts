import { basename } from 'node:path';
import { ConfigError } from '../core/config';
import { InventoryPathError } from '../core/inventory';
import { NotionError, explain } from '../core/notion/errors';
import type { NotionProblem } from '../core/sync';
import { EngineSetupError, LockHeldError } from '../core/sync';
import type { CliErrorBody } from './types';
import { ExitCode, UsageError } from './types';

export interface Failure {
  body: CliErrorBody;
  exit: number;
}

/** The exit code and error body for a Notion problem that stopped (part of) a command. */
export function problemFailure(problem: NotionProblem): Failure {
  switch (problem.reason) {
    case 'auth':
      return { body: { code: 'auth', message: problem.message, fix: problem.fix }, exit: ExitCode.auth };
    case 'unreachable':
      return { body: { code: 'unreachable', message: problem.message, fix: problem.fix }, exit: ExitCode.itemsFailed };
    case 'no-token':
    case 'not-configured':
      return { body: { code: problem.reason, message: problem.message, fix: problem.fix }, exit: ExitCode.usage };
    default:
      return { body: { code: 'notion', message: problem.message, fix: problem.fix }, exit: ExitCode.itemsFailed };
  }
}

/** Problems that mean the Notion side was not read although it should have been. */
export function isOutage(problem: NotionProblem | undefined): problem is NotionProblem {
  return !!problem && (problem.reason === 'auth' || problem.reason === 'unreachable' || problem.reason === 'error');
}

/** Maps anything a command threw to what the user reads and the process exit code. */
export function failureOf(err: unknown, usage: string | undefined, interrupted: boolean): Failure {
  if (interrupted || (err instanceof NotionError && err.kind === 'cancelled')) {
    return {
      body: { code: 'interrupted', message: 'Interrupted (Ctrl-C).', fix: 'Run the command again to finish.' },
      exit: ExitCode.interrupted,
    };
  }
  if (err instanceof UsageError) {
    return {
      body: {
        code: err.code,
        message: err.message,
        fix: err.fix || (usage ? `Usage: notion-sync ${usage}` : 'Run "notion-sync --help".'),
      },
      exit: ExitCode.usage,
    };
  }
  if (err instanceof InventoryPathError) {
    return {
      body: { code: 'usage', message: err.message, fix: 'Give paths inside the workspace (see --workspace).' },
      exit: ExitCode.usage,
    };
  }
  if (err instanceof ConfigError) {
    // The location, unless the message names it already.
    const named = !err.file || err.message.includes(basename(err.file));
    const where = named ? '' : ` (${err.file}${err.line ? `:${err.line}:${err.column ?? 1}` : ''})`;
    return { body: { code: 'config', message: `${err.message}${where}`, fix: err.fix }, exit: ExitCode.usage };
  }
  if (err instanceof LockHeldError) {
    return {
      body: {
        code: 'locked',
        message: err.message,
        fix: 'Wait for the other run to finish, then run the command again.',
      },
      exit: ExitCode.itemsFailed,
    };
  }
  if (err instanceof EngineSetupError) {
    const f = problemFailure(err.problem);
    return err.auth ? { ...f, exit: ExitCode.auth, body: { ...f.body, code: 'auth' } } : f;
  }
  if (err instanceof NotionError) {
    const auth = err.kind === 'auth' || err.kind === 'permission';
    const unreachable = err.kind === 'network' || err.kind === 'server' || err.kind === 'rate-limited';
    return {
      body: {
        code: auth ? err.kind : unreachable ? 'unreachable' : 'notion',
        message: err.message,
        fix: explain(err),
      },
      exit: auth ? ExitCode.auth : ExitCode.itemsFailed,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    body: {
      code: 'internal',
      message: `Unexpected error: ${message}`,
      fix: 'Run again with --verbose; if it persists, report it with the output.',
    },
    exit: ExitCode.itemsFailed,
  };
}

/** The error block a result document carries when Notion could not be read, and the exit code. */
export function outageOf(problem: NotionProblem | undefined): { error?: CliErrorBody; exit?: number } {
  if (!isOutage(problem)) return {};
  const f = problemFailure(problem);
  return { error: f.body, exit: f.exit };
}
