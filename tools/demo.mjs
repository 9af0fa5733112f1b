// `npm run demo`: the main job on a fresh machine. Builds the CLI, and then, on the bundled
// Notion sandbox unless NOTION_TOKEN is set: init → sync → status → audit of a workspace
// (default: a copy of examples/demo-workspace in .demo/workspace; or the folder given).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const args = process.argv.slice(2);
const given = args.find((a) => !a.startsWith('-'));
const fresh = args.includes('--fresh');

// Bold titles only on a terminal that wants colour: logs, pipes, NO_COLOR and TERM=dumb get plain text.
const bold = process.stderr.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

function step(title) {
  process.stderr.write(bold ? `\n\x1b[1m▶ ${title}\x1b[0m\n` : `\n▶ ${title}\n`);
}

function run(argv, env) {
  step(`notion-sync ${argv.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...argv], { stdio: 'inherit', env });
  return r.status ?? 1;
}

if (!existsSync(cli) || process.env.DEMO_REBUILD) {
  step('npm run build');
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

let workspace = given ? resolve(given) : join(root, '.demo', 'workspace');
// .demo holds the sandbox's state and the audit, also when the workspace is given.
mkdirSync(join(root, '.demo'), { recursive: true });
if (!given && (fresh || !existsSync(workspace))) {
  cpSync(join(root, 'examples', 'demo-workspace'), workspace, { recursive: true, force: true });
}

const env = { ...process.env };
let sandbox;
let parentPage = process.env.NOTION_PARENT_PAGE;
if (!env.NOTION_TOKEN) {
  step('Starting the bundled Notion sandbox (no NOTION_TOKEN given); its state persists in .demo/sandbox.json');
  sandbox = spawn(
    process.execPath,
    [cli, 'sandbox', '--port', '0', '--data', join(root, '.demo', 'sandbox.json'), '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise((done, fail) => {
    const rl = createInterface({ input: sandbox.stdout });
    rl.once('line', done);
    sandbox.once('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
  });
  const info = JSON.parse(first);
  env.NOTION_TOKEN = info.token;
  env.NOTION_API_BASE_URL = info.url;
  parentPage = info.rootPageId;
  process.stderr.write(`  sandbox at ${info.url} (admin: ${info.url}/__sandbox/stats)\n`);
}

let code = 0;
try {
  const initArgs = ['init', '--workspace', workspace, ...(parentPage ? ['--parent-page', parentPage] : [])];
  code = run(initArgs, env);
  if (code === 0) code = run(['sync', '--workspace', workspace], env);
  if (code === 0) run(['status', '--workspace', workspace], env);
  if (code === 0) {
    const out = join(root, '.demo', 'audit.md');
    run(['audit', '--workspace', workspace, '--out', out], env);
    process.stderr.write(`\nAudit report: ${out}\nWorkspace: ${workspace}\n`);
    if (sandbox)
      process.stderr.write(
        'Run "npm run demo" again: the second sync writes nothing. Edit a file in the workspace and run it again to see a block diff.\n',
      );
  }
} finally {
  sandbox?.kill('SIGTERM');
}
process.exitCode = code;
