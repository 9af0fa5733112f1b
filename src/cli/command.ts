import type { ParseArgsConfig } from 'node:util';
import type { SyncConfig } from '../core/config';
import type { EngineContext } from '../core/sync';
import type { Output } from './output';

/* What every CLI command is and gets: shared by the commands and the runner (run.ts), which lists them. */

export const ExitCode = { ok: 0, itemsFailed: 1, usage: 2, gaps: 3, auth: 4 } as const;

export class UsageError extends Error {}

/** What a command gets: parsed options, the configuration, an engine context and the output. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Arguments after `--` (for `run`). */
  rest: string[];
  out: Output;
  loadConfig(): Promise<SyncConfig>;
  engine(config: SyncConfig, signal?: AbortSignal): EngineContext;
  signal: AbortSignal;
  argv: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(ctx: CommandContext): Promise<number>;
}
