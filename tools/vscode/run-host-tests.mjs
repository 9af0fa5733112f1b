// `npm run test:host`: the mocha tests of test/host/ inside the extension host of a real VS Code
// (code-server 4.100.3 = VS Code 1.100.3), driven through Debian's Chromium. Exits with the tests' code.
// CODE_SERVER_VERSION=4.90.3 runs them in VS Code 1.90.2 instead (installed side by side); results then
// go to test-results/host-4.90.3/.
//
//   node tools/vscode/run-host-tests.mjs [--env KEY=VALUE]… [--timeout SECONDS] [--grep PATTERN] [--suite NAME]
//   node tools/vscode/run-host-tests.mjs --bundle-only   (only out/test/host/, e.g. for `npx vscode-test`)
//
// The extension host inherits code-server's environment: `--env` (and this process's own
// environment, e.g. NOTION_TOKEN / NOTION_API_BASE_URL) reaches the tests and the extension.
//
// Two suites, one code-server start each, run one after the other (`--suite host|multiroot` runs one):
//   host       test/host/*.test.ts in one folder (NOTION_SYNC_TEST_WORKSPACE, see with-sandbox.mjs)
//   multiroot  test/host-multiroot/*.test.ts in a multi-root workspace: a `.code-workspace` file with two
//              folders, each with its own .notion-sync.json and databases (needs the sandbox of
//              with-sandbox.mjs; prepared by prepareMultiRootWorkspace). Results in test-results/host-multiroot/.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { prepareMultiRootWorkspace } from './with-sandbox.mjs';
import { format } from 'node:util';
import {
  SetupError,
  buildIfNeeded,
  ensureCodeServer,
  codeServerVersion,
  launchChromium,
  parseRunnerArgs,
  repoRoot,
  startCodeServer,
  testWorkspace,
  resultsDir as resultsDirOf,
  workbenchUrl,
} from './code-server.mjs';

const opts = parseRunnerArgs(process.argv.slice(2), { timeoutMs: 300_000 });
const grepAt = opts.rest.indexOf('--grep');
const grep = grepAt >= 0 ? opts.rest[grepAt + 1] : undefined;
const suiteAt = opts.rest.indexOf('--suite');
const SUITES = ['host', 'multiroot'];
const suites = suiteAt >= 0 ? [opts.rest[suiteAt + 1]] : SUITES;
const hostIndex = join(repoRoot, 'test', 'host', 'index.ts');
// Failing look-ups of the extension gallery: expected without internet (notes/vscode-host-offline.md).
const OFFLINE_NOISE = /open-vsx\.org|ENOTFOUND|EAI_AGAIN|marketplace/i;

/** Where a suite's tests are, where they are bundled to, where its results go. */
function suiteDirs(suite) {
  const dir = suite === 'host' ? 'host' : `host-${suite}`;
  return {
    testsDir: join(repoRoot, 'test', dir),
    outDir: join(repoRoot, 'out', 'test', dir),
    resultsDir: resultsDirOf(dir),
  };
}

/** Bundles test/host/index.ts and every *.test.ts of the suite into out/test/<suite>/ (cjs; vscode and mocha stay external). */
async function bundleHostTests({ testsDir, outDir }) {
  const tests = readdirSync(testsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(testsDir, f));
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [
      { in: hostIndex, out: 'index' },
      ...tests.map((t) => ({ in: t, out: relative(testsDir, t).replace(/\.ts$/, '') })),
    ],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha is required from node_modules at run time (its reporters load lazily);
    // out/test/host/ resolves it through the repository's node_modules.
    external: ['vscode', 'mocha'],
  });
  return tests;
}

async function main() {
  for (const s of suites) if (!SUITES.includes(s)) throw new SetupError(`--suite: one of ${SUITES.join(', ')}`);
  buildIfNeeded();
  let worst = 0;
  for (const suite of suites) worst = Math.max(worst, await runSuite(suite));
  return worst;
}

/** The folder (or the `.code-workspace` file) a suite opens. Returns { path, folder | workspace, cleanup() }. */
async function suiteWorkspace(suite) {
  if (suite === 'host') {
    const ws = testWorkspace();
    return { ...ws, folder: ws.path };
  }
  const { NOTION_SYNC_SANDBOX_URL: url, NOTION_TOKEN: token, NOTION_SYNC_SANDBOX_ROOT: rootPageId } = process.env;
  if (!url || !token || !rootPageId)
    throw new SetupError('the multiroot suite needs the sandbox: run it through tools/vscode/with-sandbox.mjs');
  const multi = await prepareMultiRootWorkspace({ url, token, rootPageId });
  return {
    path: multi.file,
    workspace: multi.file,
    cleanup: () => rmSync(multi.root, { recursive: true, force: true }),
  };
}

async function runSuite(suite) {
  const started = Date.now();
  const { testsDir, outDir, resultsDir } = suiteDirs(suite);
  const tests = await bundleHostTests({ testsDir, outDir });
  console.log(
    `[${suite}] bundled ${tests.length} test file(s) into ${relative(repoRoot, outDir)}/: ${tests.map((t) => relative(repoRoot, t)).join(', ')}`,
  );
  if (opts.rest.includes('--bundle-only')) return 0;
  ensureCodeServer();
  const serverVersion = codeServerVersion();
  console.log(`[${suite}] ${serverVersion}`);
  // "4.90.3 <commit> with Code 1.90.2": the VS Code the tests must report from inside the host.
  const expectedVsCode = /with Code (\S+)/.exec(serverVersion ?? '')?.[1];
  let hostVsCode;

  const workspace = await suiteWorkspace(suite);
  mkdirSync(resultsDir, { recursive: true });
  const workbenchLog = [];
  let server;
  let browser;
  try {
    server = await startCodeServer({
      workspace: workspace.path,
      logFile: join(resultsDir, 'code-server.log'),
      env: {
        ...opts.env,
        NOTION_SYNC_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
        ...(grep ? { NOTION_SYNC_TEST_GREP: grep } : {}),
      },
    });
    console.log(`[${suite}] code-server on ${server.origin} (pid ${server.pid}), workspace ${workspace.path}`);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    let settle;
    const exitCode = new Promise((res) => (settle = res));
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    // The workbench's log, with the extension host's console in it. Between the test module's
    // begin/end lines it is the mocha reporter's output: print it as it comes. Outside, keep it in
    // test-results/host/workbench.log, and show errors other than the expected offline noise.
    let inTests = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      workbenchLog.push(`[${type}] ${text}`);
      if (text.startsWith('[host tests] begin:')) {
        inTests = true;
        hostVsCode = /VS Code (\S+)/.exec(text)?.[1];
        console.log(`[${suite}] running inside the extension host: ${text.slice('[host tests] begin:'.length).trim()}`);
      } else if (text.startsWith('[host tests] end:')) {
        inTests = false;
      } else if (inTests) {
        (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
      } else if (type === 'error' && !OFFLINE_NOISE.test(text)) {
        console.error(`[workbench error] ${text.split('\n')[0]}`);
      }
    });
    page.on('pageerror', (err) => workbenchLog.push(`[pageerror] ${err.message}`));
    page.on('crash', () => {
      console.error(`[${suite}] the workbench page crashed`);
      settle(1);
    });

    const url = workbenchUrl(server, {
      folder: workspace.folder,
      workspace: workspace.workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(outDir, 'index.js'),
    });
    console.log(`[${suite}] opening the workbench; tests run in the extension host`);
    await page.goto(url);

    let timer;
    const timeout = new Promise((res) => (timer = setTimeout(() => res('timeout'), opts.timeoutMs)));
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      await page.screenshot({ path: join(resultsDir, 'timeout.png') }).catch(() => {});
      throw new SetupError(
        `the extension-host tests did not finish within ${opts.timeoutMs / 1000}s (raise it with --timeout SECONDS); ` +
          `screenshot ${relative(repoRoot, resultsDir)}/timeout.png, code-server log ${relative(repoRoot, resultsDir)}/code-server.log`,
      );
    }
    if (code === 0 && expectedVsCode && hostVsCode !== expectedVsCode) {
      console.error(`[${suite}] the tests ran in VS Code ${hostVsCode ?? '(unknown)'}, expected ${expectedVsCode}`);
      return 1;
    }
    console.log(
      `[${suite}] extension-host tests ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    return code;
  } finally {
    writeFileSync(join(resultsDir, 'workbench.log'), workbenchLog.join('\n') + '\n');
    await browser?.close().catch(() => {});
    await server?.stop();
    workspace.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[host] ${err instanceof SetupError ? err.message : err.stack}`);
    process.exit(1);
  },
);
