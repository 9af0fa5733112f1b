import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config';
import type { EngineContext, ProgressEvent } from '../core/sync';
import { COMMANDS, GROUPS } from './commands';
import { failureOf } from './errors';
import { commandHelp, groupHelp, mainHelp } from './help';
import { Output } from './output';
import type { CommandContext, OptionSpec } from './types';
import { ExitCode, UsageError, parserOptions } from './types';

export { ExitCode, UsageError } from './types';
export type { Command, CommandContext } from './types';

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Accepted before or after the command. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  workspace: { type: 'string', arg: 'DIR', description: 'the workspace folder (default: the current directory)' },
  json: { type: 'boolean', description: 'one JSON document on stdout, on failure too; human text goes to stderr' },
  token: { type: 'string', arg: 'TOKEN', description: 'Notion integration token (default: $NOTION_TOKEN)' },
  'api-base-url': {
    type: 'string',
    arg: 'URL',
    description:
      'Notion API base URL (default: $NOTION_API_BASE_URL, then apiBaseUrl in .notion-sync.json, then https://api.notion.com)',
  },
  quiet: { type: 'boolean', short: 'q', description: 'no progress output' },
  verbose: { type: 'boolean', short: 'v', description: 'log every request (and stack traces of unexpected errors)' },
  version: { type: 'boolean', description: 'print the version and exit' },
  help: { type: 'boolean', short: 'h', description: 'help for notion-sync or for one command' },
};

export interface CliIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Where SIGINT comes from (default: the process). */
  signals?: NodeJS.EventEmitter;
}

/** Splits argv into the command's name (one or two words) and everything else; globals may come first. */
function splitCommand(head: string[]): { name?: string; group?: string; args: string[] } {
  const takesValue = new Set(
    Object.entries(GLOBAL_OPTIONS)
      .filter(([, o]) => o.type === 'string')
      .map(([k]) => `--${k}`),
  );
  // Before the command (and between a group and its subcommand) only global options may appear.
  const words: number[] = [];
  for (let i = 0; i < head.length && words.length < 2; i++) {
    const a = head[i]!;
    if (a.startsWith('-')) {
      if (takesValue.has(a)) i++;
      continue;
    }
    words.push(i);
    if (!GROUPS[a]) break;
  }
  const first = words[0] !== undefined ? head[words[0]] : undefined;
  const group = first && GROUPS[first] ? first : undefined;
  const taken = group && words[1] !== undefined ? words : words.slice(0, 1);
  const name = taken.length ? taken.map((i) => head[i]).join(' ') : undefined;
  return { name, group, args: head.filter((_, i) => !taken.includes(i)) };
}

/** Parses argv and runs one command; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const dashDash = argv.indexOf('--');
  const head = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const json = head.includes('--json');
  const ansi = !!(stderr as NodeJS.WriteStream).isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  const makeOut = (quiet = false, verbose = false): Output =>
    new Output({ json, quiet, verbose, stdout, stderr, ansi });

  const { name, group, args } = splitCommand(head);
  const wantsHelp = args.includes('--help') || args.includes('-h') || name === 'help';
  if (args.includes('--version') || name === 'version') {
    if (json) makeOut().resultJson({ version: VERSION });
    else stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  // `notion-sync help sync` is `notion-sync sync --help`.
  if (name === 'help' && args.length && !args[0]!.startsWith('-')) return runCli([...args, '--help'], io);
  const command = COMMANDS.find((c) => c.name === name);
  if (!name || name === 'help' || (!command && group === name)) {
    if (wantsHelp || (name === 'help' && !group)) {
      stdout.write(group ? groupHelp(group) : mainHelp(VERSION, GLOBAL_OPTIONS));
      return ExitCode.ok;
    }
    const out = makeOut();
    out.failure({
      code: 'usage',
      message: group ? `"${group}" needs a subcommand: ${GROUPS[group]!.join(', ')}.` : 'No command given.',
      fix: group ? `Run "notion-sync ${group} --help".` : 'Run "notion-sync --help" for the commands.',
    });
    if (!json) stderr.write(group ? groupHelp(group) : mainHelp(VERSION, GLOBAL_OPTIONS));
    return ExitCode.usage;
  }
  if (!command) {
    makeOut().failure({
      code: 'usage',
      message: `Unknown command "${name}".`,
      fix: 'Run "notion-sync --help" for the commands.',
    });
    return ExitCode.usage;
  }
  if (wantsHelp) {
    stdout.write(commandHelp(command, GLOBAL_OPTIONS));
    return ExitCode.ok;
  }

  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: command.name !== 'sandbox',
      options: { ...parserOptions(GLOBAL_OPTIONS), ...parserOptions(command.options) },
    }) as typeof parsed;
  } catch (err) {
    makeOut().failure({
      code: 'usage',
      message: `${command.name}: ${err instanceof Error ? err.message : String(err)}`,
      fix: `Usage: notion-sync ${command.usage} (see "notion-sync ${command.name} --help")`,
    });
    return ExitCode.usage;
  }
  const values = parsed.values;
  const out = makeOut(!!values.quiet, !!values.verbose);

  const controller = new AbortController();
  let interrupted = false;
  const signals = io.signals ?? process;
  const onSignal = (): void => {
    if (interrupted) process.exit(ExitCode.interrupted);
    interrupted = true;
    out.progress('Cancelling… (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  // `run` leaves Ctrl-C to its child; `sandbox` handles its own shutdown.
  const handleSignals = command.name !== 'run' && command.name !== 'sandbox';
  if (handleSignals) signals.on('SIGINT', onSignal);

  const workspace = resolve(typeof values.workspace === 'string' ? values.workspace : process.cwd());
  const token = (typeof values.token === 'string' && values.token) || env.NOTION_TOKEN || undefined;
  const baseUrl =
    (typeof values['api-base-url'] === 'string' && values['api-base-url']) || env.NOTION_API_BASE_URL || undefined;

  const ctx: CommandContext = {
    values,
    positionals: parsed.positionals,
    rest,
    out,
    argv,
    args,
    workspace,
    signal: controller.signal,
    interrupted: () => interrupted,
    loadConfig: async () => {
      const config = await loadConfig(workspace);
      for (const w of config.warnings) out.warn(w);
      return config;
    },
    engine: (config, signal) => ({
      config,
      token,
      apiBaseUrl: baseUrl,
      trigger: 'cli',
      signal: signal ?? controller.signal,
      command: `notion-sync ${redactArgv(argv).join(' ')}`,
      gateway: gatewayTuning(env),
      stateDir: env.NOTION_SYNC_STATE_DIR || undefined,
      env,
      onProgress: (e: ProgressEvent) => out.progressEvent(e),
      log: (level, message) =>
        level === 'debug' ? out.debug(message) : level === 'info' ? out.progress(message) : out.warn(message),
    }),
  };

  try {
    checkBaseUrl(baseUrl, typeof values['api-base-url'] === 'string');
    const code = await command.run(ctx);
    return interrupted ? ExitCode.interrupted : code;
  } catch (err) {
    const failure = failureOf(err, err instanceof UsageError ? command.usage : undefined, interrupted);
    if (failure.body.code === 'internal' && values.verbose && err instanceof Error && err.stack) out.debug(err.stack);
    out.failure(failure.body);
    return failure.exit;
  } finally {
    if (handleSignals) signals.off('SIGINT', onSignal);
    out.endProgress();
  }
}

/** A base URL that is not an http(s) URL is a usage error, not an outage. */
function checkBaseUrl(url: string | undefined, fromFlag: boolean): void {
  if (!url) return;
  let ok = false;
  try {
    const u = new URL(url);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    ok = false;
  }
  if (!ok)
    throw new UsageError(
      `${fromFlag ? '--api-base-url' : 'NOTION_API_BASE_URL'} "${url}" is not an http(s) URL.`,
      'Give the API root, e.g. https://api.notion.com or the URL the sandbox printed (http://127.0.0.1:PORT).',
      'config',
    );
}

/** The token never reaches a log or an execution row. */
export function redactArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--token') {
      out.push(a, '***');
      i++;
    } else if (a.startsWith('--token=')) out.push('--token=***');
    else out.push(a);
  }
  return out;
}

/** Tuning for tests and benchmarks: NOTION_SYNC_RPS, NOTION_SYNC_RETRY_BASE_MS, NOTION_SYNC_MAX_RETRIES. */
function gatewayTuning(env: NodeJS.ProcessEnv): EngineContext['gateway'] {
  const num = (v: string | undefined): number | undefined =>
    v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  return {
    rps: num(env.NOTION_SYNC_RPS),
    retryBaseMs: num(env.NOTION_SYNC_RETRY_BASE_MS),
    maxRetries: num(env.NOTION_SYNC_MAX_RETRIES),
  };
}
