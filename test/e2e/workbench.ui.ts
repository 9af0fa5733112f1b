// The extension in a real VS Code workbench (code-server 4.100.3 + Debian's Chromium): what a user
// sees after opening a workspace. `npm run test:e2e` runs it in the sandbox world of
// tools/vscode/with-sandbox.mjs (connected: the view lists the categories); run bare
// (`node tools/vscode/run-ui-tests.mjs`) it sees the not-connected welcome view instead.
// Screenshots go to test-results/screenshots/.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  launchChromium, newWorkbenchPage, repoRoot, startCodeServer, testWorkspace, waitForStatusBarItem, workbenchUrl,
  type CodeServer, type WorkbenchPage,
} from '../../tools/vscode/code-server.mjs';

const screenshots = join(repoRoot, 'test-results', 'screenshots');
const CATEGORIES = ['Plans', 'Reports', 'Scripts', 'Agent Chats', 'Trigger Files'];
const connected = !!process.env.NOTION_TOKEN;

describe('workbench UI: the extension in code-server + Chromium', { timeout: 240_000 }, () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: WorkbenchPage;
  let workspace: { path: string; cleanup(): void } | undefined;
  let broken: string | undefined;

  /** One step of the user's path: skipped after an earlier failure, with a screenshot on failure. */
  const step = (name: string, fn: () => Promise<void>): void => {
    it(name, { timeout: 90_000 }, async (t) => {
      if (broken) return t.skip(`after "${broken}" failed`);
      try {
        await fn();
      } catch (err) {
        broken = name;
        const file = join(screenshots, `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
        await page?.screenshot({ path: file }).catch(() => {});
        t.diagnostic(`screenshot: ${file}`);
        throw err;
      }
    });
  };

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    workspace = testWorkspace();
    // code-server's extension host inherits our environment (NOTION_TOKEN, NOTION_API_BASE_URL).
    server = await startCodeServer({ workspace: workspace.path, logFile: join(repoRoot, 'test-results', 'e2e', 'code-server.log') });
    browser = await launchChromium();
    page = await newWorkbenchPage(browser);
    // The extension under development, no tests module: the UI as a developer sees it.
    await page.goto(workbenchUrl(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot }));
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    workspace?.cleanup();
  });

  step('the workbench opens as an Extension Development Host', async () => {
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    assert.match(await page.title(), /Extension Development Host/);
  });

  step('the status bar shows the Notion item (an icon + "Notion")', async () => {
    const item = await waitForStatusBarItem(page);
    assert.match(item.text, /Notion/);
    // The icon says the state ($(sync), disconnected, spinning…): any codicon will do here.
    assert.match(item.icon ?? '', /codicon-[a-z]/);
    console.log(`# status bar item: text "${item.text}", aria-label "${item.ariaLabel}", icon ${item.icon}`);
    await page.locator('.part.statusbar').screenshot({ path: join(screenshots, 'status-bar.png') });
  });

  step('the activity bar has the Notion Sync container, and it opens', async () => {
    // The whole entry: its badge (items that need attention) covers part of the icon.
    const entry = page.locator('.part.activitybar .action-item:has(> a[aria-label^="Notion Sync"])');
    await entry.waitFor({ timeout: 30_000 });
    await entry.click({ force: true }); // the view badge (items needing attention) sits over the icon
    await page.locator('.part.sidebar .composite.title', { hasText: /Notion Sync/i }).waitFor({ timeout: 30_000 });
  });

  step(connected ? 'the Workspace view lists the categories' : 'the Workspace view welcomes a workspace that is not connected', async () => {
    const sidebar = page.locator('.part.sidebar');
    assert.match((await sidebar.locator('.composite.title').innerText()).trim(), /Workspace/i);
    if (connected) {
      // A row's text is its label plus its description ("Plans 4 to sync"): compare the labels.
      const labels = sidebar.locator('.monaco-list-row .label-name');
      await labels.filter({ hasText: CATEGORIES[0]! }).first().waitFor({ timeout: 30_000 });
      const names = (await labels.allInnerTexts()).map((t) => t.trim());
      console.log(`# Workspace view rows: ${names.join(', ')}`);
      for (const c of CATEGORIES) assert.ok(names.includes(c), `category "${c}" missing from the Workspace view (rows: ${names.join(', ')})`);
    } else {
      const welcome = sidebar.locator('.welcome-view-content');
      await welcome.waitFor({ timeout: 30_000 });
      console.log(`# welcome view: ${(await welcome.innerText()).replace(/\s+/g, ' ').slice(0, 120)}…`);
    }
    await sidebar.screenshot({ path: join(screenshots, 'workspace-view.png') });
    await page.screenshot({ path: join(screenshots, 'workbench.png') });
  });

  step('the workbench raised no uncaught errors', async () => {
    assert.deepEqual(page.errors, []);
  });
});
