// `npm run test:host`: the mocha tests of test/host/ inside the extension host of a real VS Code
// (code-server 4.100.3 = VS Code 1.100.3), driven through Debian's Chromium. Exits with the tests' code.
// CODE_SERVER_VERSION=4.90.3 runs them in VS Code 1.90.2 instead (installed side by side); results then
// go to test-results/host-4.90.3/.
//
//   node tools/vscode/run-host-tests.mjs [--env KEY=VALUE]… [--timeout SECONDS] [--grep PATTERN]
//   node tools/vscode/run-host-tests.mjs --bundle-only   (only out/test/host/, e.g. for `npx vscode-test`)
//
// The extension host inherits code-server's environment: `--env` (and this process's own
// environment, e.g. NOTION_TOKEN / NOTION_API_BASE_URL) reaches the tests and the extension.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
const resultsDir = resultsDirOf('host');
const testsDir = join(repoRoot, 'test', 'host');
const outDir = join(repoRoot, 'out', 'test', 'host');
// Failing look-ups of the extension gallery: expected without internet (notes/vscode-host-offline.md).
const OFFLINE_NOISE = /open-vsx\.org|ENOTFOUND|EAI_AGAIN|marketplace/i;

/** Bundles test/host/index.ts and every *.test.ts into out/test/host/ (cjs; vscode and mocha stay external). */
async function bundleHostTests() {
  const tests = readdirSync(testsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(testsDir, f));
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(testsDir, 'index.ts'), ...tests],
    outdir: outDir,
    outbase: testsDir,
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
  return tests.map((t) => relative(repoRoot, t));
}

async function main() {
  const started = Date.now();
  buildIfNeeded();
  const tests = await bundleHostTests();
  console.log(`[host] bundled ${tests.length} test file(s) into ${relative(repoRoot, outDir)}/: ${tests.join(', ')}`);
  if (opts.rest.includes('--bundle-only')) return 0;
  ensureCodeServer();
  const serverVersion = codeServerVersion();
  console.log(`[host] ${serverVersion}`);
  // "4.90.3 <commit> with Code 1.90.2": the VS Code the tests must report from inside the host.
  const expectedVsCode = /with Code (\S+)/.exec(serverVersion ?? '')?.[1];
  let hostVsCode;

  const workspace = testWorkspace();
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
    console.log(`[host] code-server on ${server.origin} (pid ${server.pid}), workspace ${workspace.path}`);
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
        console.log(`[host] running inside the extension host: ${text.slice('[host tests] begin:'.length).trim()}`);
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
      console.error('[host] the workbench page crashed');
      settle(1);
    });

    const url = workbenchUrl(server, {
      folder: workspace.path,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(outDir, 'index.js'),
    });
    console.log(`[host] opening the workbench; tests run in the extension host`);
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
      console.error(`[host] the tests ran in VS Code ${hostVsCode ?? '(unknown)'}, expected ${expectedVsCode}`);
      return 1;
    }
    console.log(
      `[host] extension-host tests ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
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
