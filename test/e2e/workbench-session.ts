// The set-up every UI suite shares: a fresh copy of the test workspace, code-server, Chromium, and a
// workbench page with the extension under development; steps that stop after the first failure
// and leave a screenshot of it. Call inside a `describe`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  launchChromium,
  newWorkbenchPage,
  repoRoot,
  resultsDir,
  startCodeServer,
  testWorkspace,
  workbenchUrl,
  type CodeServer,
  type WorkbenchPage,
} from '../../tools/vscode/code-server.mjs';

export const screenshots = resultsDir('screenshots');

export interface WorkbenchSession {
  /** The workbench page (set once `before` has run). */
  readonly page: WorkbenchPage;
  /** One step of the user's path: skipped after an earlier failure, with a screenshot on failure. */
  step(name: string, fn: () => Promise<void>): void;
}

export function workbenchSession(label: string): WorkbenchSession {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: WorkbenchPage | undefined;
  let workspace: { path: string; cleanup(): void } | undefined;
  let broken: string | undefined;

  before(
    async () => {
      mkdirSync(screenshots, { recursive: true });
      workspace = testWorkspace();
      // code-server's extension host inherits our environment (NOTION_TOKEN, NOTION_API_BASE_URL, …).
      server = await startCodeServer({
        workspace: workspace.path,
        logFile: join(resultsDir('e2e'), `code-server-${label}.log`),
      });
      browser = await launchChromium();
      page = await newWorkbenchPage(browser);
      // The extension under development, no tests module: the UI as a developer sees it.
      await page.goto(workbenchUrl(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot }));
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    workspace?.cleanup();
  });

  return {
    get page(): WorkbenchPage {
      if (!page) throw new Error('the workbench is not open (its set-up failed)');
      return page;
    },
    step(name, fn) {
      it(name, { timeout: 90_000 }, async (t) => {
        if (broken) return t.skip(`after "${broken}" failed`);
        try {
          await fn();
        } catch (err) {
          broken = name;
          const file = join(screenshots, `failed-${label}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
          await page?.screenshot({ path: file }).catch(() => {});
          t.diagnostic(`screenshot: ${file}`);
          throw err;
        }
      });
    },
  };
}
