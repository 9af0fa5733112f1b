// The packaged extension, as a user gets it: `npm run package`, install the .vsix into a fresh
// code-server profile with `--install-extension`, open the example workspace WITHOUT
// extensionDevelopmentPath, and see the extension activate (its status bar item shows).
//
//   node tools/vscode/check-vsix.mjs [--no-package] [--timeout SECONDS]
//
// CODE_SERVER_VERSION=4.90.3 checks it in VS Code 1.90.2, the oldest the manifest claims: there
// `--install-extension` also proves `engines.vscode` admits that version.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  SetupError,
  codeServerVersion,
  ensureCodeServer,
  extensionId,
  installExtension,
  launchChromium,
  makeProfile,
  manifest,
  newWorkbenchPage,
  parseRunnerArgs,
  repoRoot,
  startCodeServer,
  testWorkspace,
  resultsDir,
  waitForStatusBarItem,
  workbenchUrl,
} from './code-server.mjs';

const opts = parseRunnerArgs(process.argv.slice(2), { timeoutMs: 180_000 });
const vsix = join(repoRoot, 'dist', `${manifest.name}.vsix`);
const screenshots = resultsDir('screenshots');

async function main() {
  const started = Date.now();
  if (!opts.rest.includes('--no-package') || !existsSync(vsix)) {
    console.log('[vsix] npm run package');
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new SetupError(`npm run package failed (exit ${r.status})`);
  }
  console.log(`[vsix] ${relative(repoRoot, vsix)}: ${(statSync(vsix).size / 1024).toFixed(1)} KB`);
  ensureCodeServer();
  console.log(`[vsix] ${codeServerVersion()}`);

  const profile = makeProfile('notion-sync-vsix-');
  const t0 = Date.now();
  const out = installExtension(vsix, profile);
  console.log(
    `[vsix] code-server --install-extension (${((Date.now() - t0) / 1000).toFixed(1)}s): ${out
      .split('\n')
      .find((l) => /was successfully installed/.test(l))
      ?.trim()}`,
  );
  const installed = readdirSync(profile.extensionsDir).filter((d) => d.startsWith(`${extensionId}-`));
  if (installed.length !== 1)
    throw new SetupError(
      `expected one ${extensionId}-* folder in the extensions dir, found: ${readdirSync(profile.extensionsDir).join(', ')}`,
    );
  console.log(`[vsix] installed as ${installed[0]}`);

  const workspace = testWorkspace();
  let server;
  let browser;
  let page;
  try {
    server = await startCodeServer({
      workspace: workspace.path,
      profile,
      logFile: join(resultsDir('vsix'), 'code-server.log'),
    });
    browser = await launchChromium();
    page = await newWorkbenchPage(browser);
    const t1 = Date.now();
    await page.goto(workbenchUrl(server, { folder: workspace.path }));
    const title = await page.title();
    const item = await waitForStatusBarItem(page, Math.min(opts.timeoutMs, 90_000));
    // Activation shows the item as "Notion" (loading); the engine, dist/engine.js, loaded just after,
    // replaces that with the state ("Notion: not connected", …): proof that the package holds it too.
    for (const until = Date.now() + 60_000; !/Notion:/.test(item.text) && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 250));
      item.text = (await item.locator.innerText()).trim();
      item.ariaLabel = await item.locator.getAttribute('aria-label');
    }
    if (!/Notion:/.test(item.text))
      throw new SetupError(`the status bar item still says "${item.text}": the engine (dist/engine.js) did not start`);
    if (/Extension Development Host/.test(await page.title()))
      throw new SetupError(
        `the workbench runs as an Extension Development Host ("${title}"): the check must use the installed VSIX`,
      );
    if (!/Notion/.test(item.text)) throw new SetupError(`status bar item text is "${item.text}"`);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'vsix-installed.png') });
    console.log(
      `[vsix] the installed extension activated (${((Date.now() - t1) / 1000).toFixed(1)}s after opening the workbench): status bar item "${item.text}" (${item.ariaLabel})`,
    );
    console.log(
      `[vsix] ok in ${((Date.now() - started) / 1000).toFixed(1)}s; screenshot ${relative(repoRoot, screenshots)}/vsix-installed.png`,
    );
    return 0;
  } catch (err) {
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'failed-vsix.png') }).catch(() => {});
    }
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    if (server) await server.stop();
    else rmSync(profile.root, { recursive: true, force: true });
    workspace.cleanup();
  }
}

let timer;
Promise.race([
  main(),
  new Promise(
    (_, rej) =>
      (timer = setTimeout(
        () => rej(new SetupError(`the VSIX check did not finish within ${opts.timeoutMs / 1000}s`)),
        opts.timeoutMs,
      )),
  ),
]).then(
  (code) => {
    clearTimeout(timer);
    process.exit(code);
  },
  (err) => {
    console.error(`[vsix] FAILED: ${err instanceof SetupError || err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
