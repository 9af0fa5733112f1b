// `npm run test:e2e`: the UI tests of test/e2e/*.ui.ts, each a node:test file that opens the real
// VS Code workbench (code-server 4.100.3) in Debian's Chromium with the extension under development.
//
//   node tools/vscode/run-ui-tests.mjs [--env KEY=VALUE]… [--timeout SECONDS] [FILE…]
//
// Screenshots: test-results/screenshots/. code-server's log: test-results/e2e/code-server.log.
// CODE_SERVER_VERSION=4.90.3 runs them in VS Code 1.90.2: then test-results/screenshots-4.90.3/ and e2e-4.90.3/.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  SetupError,
  buildIfNeeded,
  chromiumPath,
  codeServerVersion,
  ensureCodeServer,
  parseRunnerArgs,
  repoRoot,
  resultsDir,
  spawnGroup,
} from './code-server.mjs';

const opts = parseRunnerArgs(process.argv.slice(2), { timeoutMs: 600_000 });
const e2eDir = join(repoRoot, 'test', 'e2e');

async function main() {
  const started = Date.now();
  buildIfNeeded();
  ensureCodeServer();
  chromiumPath();
  const files = opts.rest.length
    ? opts.rest
    : readdirSync(e2eDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ui.ts'))
        .sort()
        .map((f) => relative(repoRoot, join(e2eDir, f)));
  if (!files.length) throw new SetupError('no UI tests found (test/e2e/**/*.ui.ts)');
  rmSync(resultsDir('screenshots'), { recursive: true, force: true });
  console.log(`[ui] ${codeServerVersion()}, Chromium ${chromiumPath()}; ${files.length} file(s): ${files.join(', ')}`);

  const child = spawnGroup(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
    {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: 'inherit',
    },
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(
      `[ui] the UI tests did not finish within ${opts.timeoutMs / 1000}s (raise it with --timeout SECONDS): stopping them`,
    );
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }, opts.timeoutMs);
  const code = await new Promise((res) => child.on('exit', (c, sig) => res(c ?? (sig ? 1 : 0))));
  clearTimeout(timer);
  const result = timedOut ? 1 : code;
  console.log(
    `[ui] UI tests ${result === 0 ? 'passed' : `FAILED (exit ${result})`} in ${((Date.now() - started) / 1000).toFixed(1)}s; screenshots in ${relative(repoRoot, resultsDir('screenshots'))}/`,
  );
  return result;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[ui] ${err instanceof SetupError ? err.message : err.stack}`);
    process.exit(1);
  },
);
