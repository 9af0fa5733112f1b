import type { ParseArgsConfig } from 'node:util';
import type { SyncConfig } from '../core/config';
import type { EngineContext } from '../core/sync';
import type { Output } from './output';

/** The exit codes of every command (CONTRACT.md §3). */
export const ExitCode = { ok: 0, itemsFailed: 1, usage: 2, gaps: 3, auth: 4, interrupted: 130 } as const;

/** A failure as the user sees it: `{"error": {"code", "message", "fix"}}` under --json. */
export interface CliErrorBody {
  code: string;
  message: string;
  fix: string;
}

/** A command line the CLI cannot act on: exits 2 with what to fix. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** What to do; default: the command's usage line. */
    readonly fix = '',
    readonly code = 'usage',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option of a command: its parser config and the line `--help` prints for it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in help, e.g. `ID|URL`. */
  arg?: string;
  description: string;
}

/** What a command gets: parsed options, the configuration, an engine context and the output. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Arguments after `--` (for `run`). */
  rest: string[];
  out: Output;
  /** The workspace folder (absolute). */
  workspace: string;
  loadConfig(): Promise<SyncConfig>;
  engine(config: SyncConfig, signal?: AbortSignal): EngineContext;
  signal: AbortSignal;
  /** True once Ctrl-C (SIGINT) was received. */
  interrupted(): boolean;
  /** The arguments after the command name (for `sandbox`, which parses its own). */
  args: string[];
  argv: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: Record<string, OptionSpec>;
  /** Extra help text after the options (examples, notes). */
  details?: string;
  run(ctx: CommandContext): Promise<number>;
}

export function parserOptions(
  options: Record<string, OptionSpec> | undefined,
): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(options ?? {}))
    out[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  return out;
}
