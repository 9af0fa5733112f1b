import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { build } from 'esbuild';
import { Client } from '@notionhq/client';
import { startSandbox } from '../../src/sandbox';
import type { Sandbox, SandboxOptions } from '../../src/sandbox';
import { runCli } from '../../src/cli/run';

export async function tempDir(prefix = 'nws-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes files (path → text or bytes) under a new temporary workspace. */
export async function makeWorkspace(files: Record<string, string | Buffer>, root?: string): Promise<string> {
  const dir = root ?? (await tempDir('nws-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Runs the CLI in this process against a sandbox (or none), capturing its output. */
export class Harness {
  constructor(
    readonly sandbox: Sandbox,
    readonly stateDir: string,
    readonly extraEnv: Record<string, string> = {},
  ) {}

  static async start(options: SandboxOptions = {}): Promise<Harness> {
    const sandbox = await startSandbox({ quiet: true, retryAfterSeconds: 0, ...options });
    return new Harness(sandbox, await tempDir('nws-state-'));
  }

  env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return {
      NOTION_TOKEN: this.sandbox.token,
      NOTION_API_BASE_URL: this.sandbox.url,
      NOTION_SYNC_STATE_DIR: this.stateDir,
      NOTION_SYNC_RPS: '0',
      NOTION_SYNC_RETRY_BASE_MS: '5',
      ...this.extraEnv,
      ...extra,
    };
  }

  async cli(
    args: string[],
    options: { env?: Record<string, string | undefined>; workspace?: string } = {},
  ): Promise<CliResult> {
    const stdout = collect();
    const stderr = collect();
    const dd = args.indexOf('--');
    const argv = !options.workspace
      ? args
      : dd >= 0
        ? [...args.slice(0, dd), '--workspace', options.workspace, ...args.slice(dd)]
        : [...args, '--workspace', options.workspace];
    const code = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, env: this.env(options.env) });
    const out = stdout.text();
    let json: unknown;
    if (args.includes('--json')) {
      try {
        json = JSON.parse(out);
      } catch {
        json = undefined;
      }
    }
    return { code, stdout: out, stderr: stderr.text(), json };
  }

  client(): Client {
    return new Client({ auth: this.sandbox.token, baseUrl: this.sandbox.url, retry: false });
  }

  async close(): Promise<void> {
    await this.sandbox.close();
  }
}

function collect(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Every block under a page, depth first, read back through the real SDK. */
/* eslint-disable @typescript-eslint/no-explicit-any -- raw API blocks of every type */
export async function readTree(client: Client, blockId: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.blocks.children.list({ block_id: blockId, start_cursor: cursor, page_size: 100 });
    for (const b of res.results as any[]) {
      if (b.has_children) b[b.type].children = await readTree(client, b.id);
      out.push(b);
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** How many top-level blocks a page has (every page of the listing read). */
export async function topLevelCount(client: Client, pageId: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const res = await client.blocks.children.list({ block_id: pageId, start_cursor: cursor, page_size: 100 });
    n += res.results.length;
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return n;
}

/** The CLI bundled once (as `dist/cli.js` is), so that each child process a test starts (and kills) starts in a fraction of a second. */
export async function bundleCli(): Promise<string> {
  const out = join(await tempDir('nws-cli-'), 'cli.js');
  await build({
    entryPoints: ['src/cli/main.ts'],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['vscode'],
    define: { 'import.meta.url': '__importMetaUrl', __VERSION__: '"test"' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  return out;
}
