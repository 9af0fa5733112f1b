import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../core/config';
import type { EngineContext, ProgressEvent } from '../core/sync';
import { EngineSetupError } from '../core/sync';
import { NotionError, explain } from '../core/notion/errors';
import { ExitCode, UsageError } from './command';
import type { Command, CommandContext } from './command';
import { COMMANDS } from './commands';
import { Output } from './output';

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export const GLOBAL_OPTIONS = {
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  token: { type: 'string' },
  'api-base-url': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return `notion-sync ${VERSION} — keep a workspace's plans, reports, scripts and agent chats in step with Notion

Usage: notion-sync <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}

Global options:
  --workspace DIR       the workspace folder (default: the current directory)
  --json                one JSON document on stdout; human text and progress go to stderr
  --token TOKEN         Notion integration token (default: $NOTION_TOKEN)
  --api-base-url URL    Notion API base URL (default: $NOTION_API_BASE_URL, then apiBaseUrl in
                        .notion-sync.json, then https://api.notion.com)
  --quiet, -q           no progress output
  --verbose, -v         log every request
  --help, -h            help for a command

Exit codes: 0 success · 1 some items failed · 2 usage or configuration error · 3 gaps found
(audit --fail-on-gaps) · 4 authentication or permission error from Notion
`;
}

/** Parses argv and runs one command; resolves to the process exit code. */
export async function runCli(
  argv: string[],
  io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const env = io.env ?? process.env;
  const dashDash = argv.indexOf('--');
  const head = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;

  if (head[0] === '--version' || head[0] === 'version') {
    stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  // `chats list` and `chats capture` are two-word commands.
  let name = head[0];
  let args = head.slice(1);
  if (name === 'chats' && args[0] && !args[0].startsWith('-')) {
    name = `chats ${args[0]}`;
    args = args.slice(1);
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdout.write(helpText());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (!command) {
    stderr.write(`notion-sync: unknown command "${name}". Run "notion-sync --help".\n`);
    return ExitCode.usage;
  }

  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...GLOBAL_OPTIONS, ...command.options },
    }) as typeof parsed;
  } catch (err) {
    stderr.write(
      `notion-sync ${command.name}: ${err instanceof Error ? err.message : String(err)}\nUsage: notion-sync ${command.usage}\n`,
    );
    return ExitCode.usage;
  }
  const values = parsed.values;
  const out = new Output({ json: !!values.json, quiet: !!values.quiet, verbose: !!values.verbose, stdout, stderr });
  if (values.help) {
    out.result(`Usage: notion-sync ${command.usage}\n\n${command.summary}\n${formatOptions(command.options)}`);
    return ExitCode.ok;
  }

  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    out.progress('Cancelling… (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  const handleSignals = command.name !== 'run' && command.name !== 'sandbox';
  if (handleSignals) process.on('SIGINT', onSignal);

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
    signal: controller.signal,
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
    return await command.run(ctx);
  } catch (err) {
    return reportError(err, out, command);
  } finally {
    if (handleSignals) process.off('SIGINT', onSignal);
    out.endProgress();
  }
}

function reportError(err: unknown, out: Output, command: Command): number {
  if (err instanceof ConfigError) {
    out.error(
      `${err.message}${err.file ? ` (${err.file}${err.line ? `:${err.line}:${err.column ?? 1}` : ''})` : ''}\nFix: ${err.fix}`,
    );
    return ExitCode.usage;
  }
  if (err instanceof UsageError) {
    out.error(`${err.message}\nUsage: notion-sync ${command.usage}`);
    return ExitCode.usage;
  }
  if (err instanceof EngineSetupError) {
    out.error(`${err.problem.message}\nFix: ${err.problem.fix}`);
    return err.auth ? ExitCode.auth : ExitCode.usage;
  }
  if (err instanceof NotionError) {
    if (err.kind === 'cancelled') {
      out.error('Cancelled.');
      return ExitCode.itemsFailed;
    }
    out.error(explain(err));
    return err.kind === 'auth' || err.kind === 'permission' ? ExitCode.auth : ExitCode.itemsFailed;
  }
  out.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return ExitCode.itemsFailed;
}

function formatOptions(options: ParseArgsConfig['options']): string {
  if (!options || Object.keys(options).length === 0) return '';
  return `\nOptions:\n${Object.entries(options)
    .map(([k, o]) => `  --${k}${o.type === 'string' ? ' VALUE' : ''}${o.multiple ? ' (repeatable)' : ''}`)
    .join('\n')}\n`;
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
