// `notion-sync sandbox [--port N] [--host H] [--data FILE] [--rps N] [--burst N] [--faults SPEC] [--token T] [--retry-after S] [--quiet]
//   [--extra-token T]… [--holds SPEC] [--outage SPEC] [--max-upload-bytes N]`
import { parseArgs } from 'node:util';
import { parseFaultSpec } from './faults';
import { parseHoldSpec } from './holds';
import { parseOutageSpec } from './outage';
import { startSandbox } from './server';

const USAGE = `Usage: notion-sync sandbox [--port N] [--host H] [--data FILE] [--rps N] [--burst N] [--faults SPEC] [--token T] [--retry-after S] [--quiet]
                            [--extra-token T]… [--holds SPEC] [--outage SPEC] [--max-upload-bytes N]

Starts a local emulator of the Notion API (version 2025-09-03). The first stdout line is
{"url": …, "token": …, "rootPageId": …}; it runs until SIGINT/SIGTERM.
`;

function num(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${v}"`);
  return n;
}

/** Runs the sandbox until a signal; resolves to the process exit code. */
export async function sandboxMain(argv: string[]): Promise<number> {
  let opts;
  try {
    const { values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        rps: { type: 'string' },
        burst: { type: 'string' },
        faults: { type: 'string' },
        token: { type: 'string' },
        'retry-after': { type: 'string' },
        quiet: { type: 'boolean' },
        'extra-token': { type: 'string', multiple: true },
        holds: { type: 'string' },
        outage: { type: 'string' },
        'max-upload-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (values.faults) parseFaultSpec(values.faults);
    if (values.holds) parseHoldSpec(values.holds);
    opts = {
      port: num('port', values.port, 0),
      host: values.host,
      dataFile: values.data,
      rps: num('rps', values.rps, 0),
      burst: num('burst', values.burst, 1),
      faults: values.faults,
      token: values.token ?? process.env.NOTION_SANDBOX_TOKEN,
      retryAfterSeconds: num('retry-after', values['retry-after'], 0),
      quiet: values.quiet,
      extraTokens: values['extra-token'],
      holds: values.holds,
      outage: values.outage ? parseOutageSpec(values.outage) : undefined,
      maxFileUploadBytes: num('max-upload-bytes', values['max-upload-bytes'], 1),
    };
  } catch (e) {
    process.stderr.write(`notion-sync sandbox: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(opts);
  } catch (e) {
    process.stderr.write(`notion-sync sandbox: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  process.stdout.write(
    `${JSON.stringify({ url: sandbox.url, token: sandbox.token, rootPageId: sandbox.rootPageId })}\n`,
  );
  if (!opts.quiet)
    process.stderr.write(
      `notion-sandbox: listening on ${sandbox.url} (admin: ${sandbox.url}/__sandbox/stats); Ctrl-C to stop\n`,
    );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}
