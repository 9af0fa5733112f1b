// A real VS Code for the test tiers, without internet: code-server (VS Code's server + browser
// workbench, published on npm) installed into the git-ignored `.vscode-test/code-server/`, started on
// loopback with throw-away profile folders, and driven by Debian's Chromium through playwright-core.
// Facts behind every step: /work/shared/notes/vscode-host-offline.md.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
  symlinkSync,
  openSync,
  closeSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';

/** The code-server release the test tiers use unless CODE_SERVER_VERSION names another. */
export const DEFAULT_CODE_SERVER_VERSION = '4.100.3';
/**
 * The oldest VS Code the manifest claims (`engines.vscode` ^1.90.0) ships in code-server 4.90.3
 * (VS Code 1.90.2, Node 20): `npm test` also runs the host, UI and VSIX tiers there (tools/test-all.mjs).
 */
export const OLDEST_CODE_SERVER_VERSION = '4.90.3';
// CODE_SERVER_VERSION picks another release; each version installs side by side in its own folder.
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION?.trim() || DEFAULT_CODE_SERVER_VERSION;
if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(CODE_SERVER_VERSION))
  throw new Error(`CODE_SERVER_VERSION must be a code-server release such as 4.90.3 (got "${CODE_SERVER_VERSION}")`);
/** "" for the default version, "-4.90.3" otherwise: keeps the result folders of two versions apart. */
export const versionSuffix = CODE_SERVER_VERSION === DEFAULT_CODE_SERVER_VERSION ? '' : `-${CODE_SERVER_VERSION}`;
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `test-results/<tier>/` for the default version, `test-results/<tier>-<version>/` for another. */
export const resultsDir = (tier) => join(repoRoot, 'test-results', `${tier}${versionSuffix}`);
// CODE_SERVER_CACHE_DIR moves the cache (e.g. to a folder a CI cache restores).
export const cacheDir = process.env.CODE_SERVER_CACHE_DIR
  ? resolve(process.env.CODE_SERVER_CACHE_DIR)
  : join(repoRoot, '.vscode-test', 'code-server');
export const installDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const entryScript = join(installDir, 'out', 'node', 'entry.js');
const markerFile = join(installDir, '.notion-sync-installed.json');
// One log per version: two versions may install at the same time (each under its own lock).
const installLogFile = join(cacheDir, `install${versionSuffix}.log`);
const log = (msg) => console.log(`[code-server] ${msg}`);

export class SetupError extends Error {}

// ---------------------------------------------------------------------------------------------
// Install

function markerValid() {
  try {
    const m = JSON.parse(readFileSync(markerFile, 'utf8'));
    return (
      m.version === CODE_SERVER_VERSION &&
      m.node === process.versions.node.split('.')[0] &&
      existsSync(entryScript) &&
      existsSync(join(installDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'))
    );
  } catch {
    return false;
  }
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function checkPrerequisites() {
  const problems = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20)
    problems.push(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is Node ${process.versions.node})`);
  if (!ripgrepPath()) problems.push('ripgrep missing: apt-get install ripgrep');
  if (!which('krb5-config') && !existsSync('/usr/include/gssapi/gssapi.h'))
    problems.push('Kerberos headers missing (native module "kerberos"): apt-get install libkrb5-dev');
  for (const tool of ['make', 'g++', 'python3']) {
    if (!which(tool))
      problems.push(
        `${tool} missing (node-gyp builds native modules): apt-get install ${tool === 'g++' ? 'g++' : tool}`,
      );
  }
  if (problems.length)
    throw new SetupError(`cannot install code-server ${CODE_SERVER_VERSION}:\n  - ${problems.join('\n  - ')}`);
}

function ripgrepPath() {
  for (const p of [process.env.RIPGREP_PATH, '/usr/bin/rg', which('rg')]) if (p && existsSync(p)) return p;
  return undefined;
}

/** Environment for npm in the install: node-gyp must find Node's headers locally (no download). */
function npmEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  const hasNodedir = Object.keys(env).some((k) => k.toLowerCase() === 'npm_config_nodedir');
  const prefix = dirname(dirname(process.execPath));
  if (!hasNodedir && existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  return env;
}

/** Runs a command, output into the install log; on failure, throws with the log's tail. */
function run(step, cmd, args, cwd, logFile, env = npmEnv()) {
  const started = Date.now();
  log(`${step} …`);
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (r.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new SetupError(
      `${step} failed (exit ${r.status ?? r.signal ?? r.error?.message}); last lines of ${logFile}:\n${tail}`,
    );
  }
  log(`${step}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/**
 * Installs code-server into `.vscode-test/code-server/` unless a valid install is there already.
 * Returns the path of its `out/node/entry.js`.
 */
export function ensureCodeServer() {
  if (markerValid()) return entryScript;
  checkPrerequisites();
  const release = lockInstall();
  try {
    // Another run may have finished the install while we waited for the lock.
    return markerValid() ? entryScript : install();
  } finally {
    release();
  }
}

/** One install at a time per checkout (parallel test runs share the cache): a lock directory with the holder's pid. */
function lockInstall() {
  // The default version keeps the lock name older checkouts use, so they still wait for each other.
  const lockDir = join(cacheDir, `.install${versionSuffix}.lock`);
  const pidFile = join(lockDir, 'pid');
  mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(pidFile, String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder;
    try {
      holder = Number(readFileSync(pidFile, 'utf8'));
      process.kill(holder, 0);
    } catch (err) {
      // A holder that is gone left a stale lock: take it over.
      if (holder && err.code === 'ESRCH') rmSync(lockDir, { recursive: true, force: true });
    }
    if (!said) {
      log(`another process${holder ? ` (pid ${holder})` : ''} is installing code-server: waiting`);
      said = true;
    }
    if (Date.now() > deadline)
      throw new SetupError(`timed out waiting for ${lockDir} (remove it if no install is running)`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
}

function install() {
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (once; about a minute)`);
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const logFile = installLogFile;
  writeFileSync(logFile, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);

  const packDir = mkdtempSync(join(tmpdir(), 'code-server-pack-'));
  try {
    run(
      `npm pack code-server@${CODE_SERVER_VERSION}`,
      'npm',
      ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', packDir],
      packDir,
      logFile,
    );
    const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new SetupError(`npm pack produced no .tgz in ${packDir}`);
    mkdirSync(installDir, { recursive: true });
    run('unpack', 'tar', ['-xzf', join(packDir, tgz), '-C', installDir, '--strip-components=1'], cacheDir, logFile);
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }

  const vscodeDir = join(installDir, 'lib', 'vscode');
  // The package's postinstall refuses root and downloads; do its work step by step instead.
  // Its npm flags for lib/vscode and lib/vscode/extensions differ by release: 4.90.x passes
  // --legacy-peer-deps (VS Code 1.90 pins @xterm pre-releases that npm's peer check rejects), 4.100.x
  // does not. Take them from the package's own postinstall.sh rather than from a table of versions.
  const postinstall = readFileSync(join(installDir, 'postinstall.sh'), 'utf8');
  const vscodeInstallFlags = /npm install[^\n]*--legacy-peer-deps/.test(postinstall) ? ['--legacy-peer-deps'] : [];
  run(
    'npm install (code-server)',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
    installDir,
    logFile,
  );
  run('npm rebuild argon2', 'npm', ['rebuild', 'argon2'], installDir, logFile);
  run(
    'npm install (lib/vscode)',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...vscodeInstallFlags],
    vscodeDir,
    logFile,
  );

  // @vscode/ripgrep's install downloads rg from GitHub unless the binary is already in place.
  const rgTarget = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgTarget), { recursive: true });
  copyFileSync(ripgrepPath(), rgTarget);
  chmodSync(rgTarget, 0o755);
  log(`ripgrep: copied ${ripgrepPath()}`);

  // node-pty's install runs `npx node-gyp`, which waits at npx's prompt without npm_config_yes.
  // kerberos 2.0.x (VS Code 1.90) defines NAPI_EXPERIMENTAL with a node-addon-api older than Node 20.x's
  // "basic env" finalizer types, and does not compile against today's Node 20 headers; Node's documented
  // opt-out macro restores the older types (a no-op for code that does not define NAPI_EXPERIMENTAL).
  run(
    'npm rebuild (lib/vscode native modules)',
    'npm',
    ['rebuild'],
    vscodeDir,
    logFile,
    npmEnv({
      npm_config_yes: 'true',
      CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -DNODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT`.trim(),
    }),
  );
  run(
    'npm install (lib/vscode/extensions)',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...vscodeInstallFlags],
    join(vscodeDir, 'extensions'),
    logFile,
  );

  // What postinstall.sh does after its installs.
  const link = (target, path) => {
    rmSync(path, { recursive: true, force: true });
    symlinkSync(target, path);
  };
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  const version = codeServerVersion();
  if (!version)
    throw new SetupError(
      `the installed code-server ${CODE_SERVER_VERSION} does not start: run \`node tools/vscode/code-server.mjs\` and read ${installLogFile}`,
    );
  writeFileSync(
    markerFile,
    JSON.stringify(
      {
        version: CODE_SERVER_VERSION,
        node: process.versions.node.split('.')[0],
        installedAt: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)}s: ${version}`);
  return entryScript;
}

/** `code-server --version` ("4.100.3 <commit> with Code 1.100.3"), or undefined when it does not run. */
export function codeServerVersion() {
  // --config keeps code-server from writing a default config into ~/.config.
  const v = spawnSync(process.execPath, [entryScript, '--config', join(cacheDir, 'config.yaml'), '--version'], {
    encoding: 'utf8',
  });
  return v.status === 0
    ? v.stdout
        .split('\n')
        .find((l) => l.includes(`${CODE_SERVER_VERSION} `) && l.includes('with Code'))
        ?.trim()
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// Processes: every child runs in its own process group, killed on stop, on exit and on signals.

const liveGroups = new Set();
let hooksInstalled = false;

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Spawns `cmd` in a new process group that dies with us. */
export function spawnGroup(cmd, args, options) {
  installExitHooks();
  const child = spawn(cmd, args, { ...options, detached: true });
  liveGroups.add(child.pid);
  child.on('exit', () => {
    // The leader is gone; its group may still hold children: finish them off.
    killGroup(child.pid, 'SIGKILL');
    liveGroups.delete(child.pid);
  });
  return child;
}

async function stopGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child.pid, 'SIGKILL');
    return;
  }
  const exited = new Promise((res) => child.once('exit', res));
  killGroup(child.pid, 'SIGTERM');
  const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
  killGroup(child.pid, 'SIGKILL');
  liveGroups.delete(child.pid);
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Start / stop

/** Fresh user-data and extensions folders, with settings that keep a test run quiet and offline. */
export function makeProfile(prefix = 'notion-sync-vscode-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'chat.commandCenter.enabled': false,
        'chat.disableAIFeatures': true,
        'git.enabled': false,
        'npm.autoDetect': 'off',
      },
      null,
      2,
    ),
  );
  writeFileSync(join(root, 'config.yaml'), 'auth: none\ncert: false\n');
  return { root, userDataDir, extensionsDir, configFile: join(root, 'config.yaml') };
}

/** `code-server --install-extension FILE` into a profile; returns its output. */
export function installExtension(vsixPath, profile) {
  const r = spawnSync(
    process.execPath,
    [
      ensureCodeServer(),
      '--config',
      profile.configFile,
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      '--install-extension',
      vsixPath,
    ],
    { encoding: 'utf8', timeout: 120_000, env: serverEnv({}) },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/was successfully installed/.test(out)) {
    throw new SetupError(`installing ${vsixPath} into code-server failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return out;
}

/**
 * code-server's environment: ours plus `extra`, without variables that would make it open in another
 * running code-server (its terminals set VSCODE_IPC_HOOK_CLI) or change its address and auth.
 */
function serverEnv(extra) {
  const env = { ...process.env, ...extra };
  for (const k of [
    'VSCODE_IPC_HOOK_CLI',
    'PORT',
    'PASSWORD',
    'HASHED_PASSWORD',
    'CODE_SERVER_CONFIG',
    'VSCODE_PROXY_URI',
  ]) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

/**
 * Starts code-server on a free loopback port with a fresh profile (or the one given) and waits until
 * it serves. `env` is added to code-server's environment, which its extension host inherits.
 * Returns { url, port, origin, profile, logFile, output(), stop() }.
 */
export async function startCodeServer({
  workspace,
  env = {},
  profile = makeProfile(),
  logFile,
  timeoutMs = 60_000,
} = {}) {
  const entry = ensureCodeServer();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  logFile ??= join(profile.root, 'code-server.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const args = [
    entry,
    '--config',
    profile.configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
  if (workspace) args.push(workspace);
  const child = spawnGroup(process.execPath, args, {
    cwd: repoRoot,
    env: serverEnv(env),
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));

  let stopped = false;
  const server = {
    url: origin,
    port,
    origin,
    profile,
    logFile,
    pid: child.pid,
    output: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop({ keepProfile = false } = {}) {
      if (stopped) return;
      stopped = true;
      await stopGroup(child);
      if (!keepProfile) rmSync(profile.root, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await server.stop({ keepProfile: true });
      throw new SetupError(
        `code-server exited before serving; its output (${logFile}):\n${server.output().split('\n').slice(-30).join('\n')}`,
      );
    }
    try {
      const ac = new AbortController();
      const t = setTimeout(() => ac.abort(), 2000);
      const r = await fetch(`${origin}/healthz`, { signal: ac.signal }).finally(() => clearTimeout(t));
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await server.stop({ keepProfile: true });
      throw new SetupError(
        `code-server did not serve ${origin} within ${timeoutMs / 1000}s; its output:\n${server.output().split('\n').slice(-30).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return server;
}

/**
 * The workbench URL for `folder` (or `workspace`, a `.code-workspace` file: a multi-root window), with a `payload` (list of [key, value]) for extension development:
 * `extensionDevelopmentPath` / `extensionTestsPath` are local paths, turned into vscode-remote URIs.
 */
export function workbenchUrl(server, { folder, workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams();
  if (workspace) q.set('workspace', workspace);
  else if (folder) q.set('folder', folder);
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${q.toString()}`;
}

// ---------------------------------------------------------------------------------------------
// Chromium

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(p))
    throw new SetupError(`Chromium not found at ${p}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return p;
}

/** Debian's Chromium through playwright-core (never `playwright install`). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

// ---------------------------------------------------------------------------------------------
// The workbench, as the UI tests and the VSIX check see it

export const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
export const extensionId = `${manifest.publisher}.${manifest.name}`;
/** Our status bar item: the workbench gives it the DOM id `<extension id>.<item id>` (services.ts). */
export const statusBarItemSelector = `[id="${extensionId}.notionSync.status"]`;

/** A page of the right size, with the workbench's own errors collected in `page.errors`. */
export async function newWorkbenchPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  return page;
}

/** Ids and labels of the status bar's items, for messages when ours is missing. */
export async function statusBarEntries(page) {
  return page
    .$$eval('.part.statusbar .statusbar-item', (els) => els.map((e) => `${e.id} (${e.getAttribute('aria-label')})`))
    .catch(() => []);
}

/**
 * Waits for our status bar item (extensions activated by `workspaceContains` start some seconds
 * after the workbench shows) and returns its text and aria-label.
 */
export async function waitForStatusBarItem(page, timeoutMs = 60_000) {
  const item = page.locator(statusBarItemSelector);
  try {
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(
      `status bar item ${statusBarItemSelector} did not appear within ${timeoutMs / 1000}s; the status bar has: ${(await statusBarEntries(page)).join(', ')}`,
    );
  }
  return {
    locator: item,
    text: (await item.innerText()).trim(),
    ariaLabel: await item.getAttribute('aria-label'),
    icon: await item
      .locator('.codicon')
      .first()
      .getAttribute('class')
      .catch(() => null),
  };
}

// ---------------------------------------------------------------------------------------------
// Repository helpers shared by the runners

const exampleWorkspace = join(repoRoot, 'examples', 'demo-workspace');

/**
 * The workspace the tests open: the example workspace, or (while it does not exist) a temp folder
 * with a `.notion-sync.json`, so the extension's `workspaceContains` activation fires.
 * Returns { path, cleanup() }.
 */
export function testWorkspace() {
  if (process.env.NOTION_SYNC_TEST_WORKSPACE)
    return { path: resolve(process.env.NOTION_SYNC_TEST_WORKSPACE), cleanup() {} };
  if (existsSync(join(exampleWorkspace, '.notion-sync.json'))) return { path: exampleWorkspace, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'notion-sync-workspace-'));
  writeFileSync(
    join(dir, '.notion-sync.json'),
    JSON.stringify({ workspaceName: 'host-test-workspace' }, null, 2) + '\n',
  );
  for (const [path, text] of [
    ['plans/first-plan.md', '# First plan\n'],
    ['reports/first-report.md', '# First report\n'],
    ['scripts/hello.sh', 'echo hello\n'],
  ]) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  log(`examples/demo-workspace not found: using a temp workspace ${dir}`);
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const s = statSync(join(dir, name));
    if (s.isFile()) newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/extension.js is missing or older than a source file or package.json. */
export function buildIfNeeded() {
  const bundle = join(repoRoot, 'dist', 'extension.js');
  const stale =
    !existsSync(bundle) ||
    statSync(bundle).mtimeMs <
      Math.max(newestMtime(join(repoRoot, 'src')), statSync(join(repoRoot, 'package.json')).mtimeMs);
  if (!stale) return;
  console.log('[build] dist/ is missing or stale: npm run build');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new SetupError(`npm run build failed (exit ${r.status})`);
}

/** Parses `--env KEY=VALUE` (repeatable) and `--timeout SECONDS` from argv. */
export function parseRunnerArgs(argv, defaults = {}) {
  const opts = { env: {}, timeoutMs: defaults.timeoutMs ?? 300_000, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--env' && argv[i + 1]) {
      const [k, ...v] = argv[++i].split('=');
      opts.env[k] = v.join('=');
    } else if (a === '--timeout' && argv[i + 1]) {
      opts.timeoutMs = Number(argv[++i]) * 1000;
    } else {
      opts.rest.push(a);
    }
  }
  return opts;
}

// `node tools/vscode/code-server.mjs` installs (or checks) the cached code-server.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const entry = ensureCodeServer();
    log(`ready: ${codeServerVersion()} (${entry})`);
  } catch (err) {
    console.error(`[code-server] ${err instanceof SetupError ? err.message : err.stack}`);
    process.exitCode = 1;
  }
}
