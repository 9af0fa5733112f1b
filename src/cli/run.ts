import { parseArgs } from 'node:util';

export const ExitCode = { ok: 0, itemsFailed: 1, usage: 2, gaps: 3, auth: 4 } as const;

const HELP = `notion-sync — keep a workspace's plans, reports, scripts and agent chats in step with Notion

Usage: notion-sync <command> [options]

Commands:
  --help       this text
  --version    the version

Global options: --workspace DIR, --json, --token T, --api-base-url URL, --quiet
`;

/** Parses argv and runs one command; resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
  });
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return positionals.length === 0 && !values.help ? ExitCode.usage : ExitCode.ok;
  }
  process.stderr.write(`notion-sync: unknown command "${positionals[0]}". Run "notion-sync --help".\n`);
  return ExitCode.usage;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
