// The extension in a real VS Code workbench (code-server 4.100.3 + Debian's Chromium): what a user
// sees after opening a workspace. `npm run test:e2e` runs it in the sandbox world of
// tools/vscode/with-sandbox.mjs (connected: the view lists the categories); run bare
// (`node tools/vscode/run-ui-tests.mjs`) it sees the not-connected welcome view instead.
// Screenshots go to test-results/screenshots/.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe } from 'node:test';
import { waitForStatusBarItem } from '../../tools/vscode/code-server.mjs';
import { screenshots, workbenchSession } from './workbench-session';
const CATEGORIES = ['Plans', 'Reports', 'Scripts', 'Agent Chats', 'Trigger Files'];
const connected = !!process.env.NOTION_TOKEN;

describe('workbench UI: the extension in code-server + Chromium', { timeout: 240_000 }, () => {
  const ui = workbenchSession('workbench');
  const step = ui.step;

  step('the workbench opens as an Extension Development Host', async () => {
    await ui.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    assert.match(await ui.page.title(), /Extension Development Host/);
  });

  step('the status bar shows the Notion item (an icon + "Notion")', async () => {
    const item = await waitForStatusBarItem(ui.page);
    assert.match(item.text, /Notion/);
    // The icon says the state ($(sync), disconnected, spinning…): any codicon will do here.
    assert.match(item.icon ?? '', /codicon-[a-z]/);
    console.log(`# status bar item: text "${item.text}", aria-label "${item.ariaLabel}", icon ${item.icon}`);
    await ui.page.locator('.part.statusbar').screenshot({ path: join(screenshots, 'status-bar.png') });
  });

  step('the activity bar has the Notion Sync container, and it opens', async () => {
    // The whole entry: its badge (items that need attention) covers part of the icon.
    const entry = ui.page.locator('.part.activitybar .action-item:has(> a[aria-label^="Notion Sync"])');
    await entry.waitFor({ timeout: 30_000 });
    await entry.click({ force: true }); // the view badge (items needing attention) sits over the icon
    await ui.page.locator('.part.sidebar .composite.title', { hasText: /Notion Sync/i }).waitFor({ timeout: 30_000 });
  });

  step(
    connected
      ? 'the Workspace view lists the categories'
      : 'the Workspace view welcomes a workspace that is not connected',
    async () => {
      const sidebar = ui.page.locator('.part.sidebar');
      assert.match((await sidebar.locator('.composite.title').innerText()).trim(), /Workspace/i);
      if (connected) {
        // A row's text is its label plus its description ("Plans 4 to sync"): compare the labels.
        const labels = sidebar.locator('.monaco-list-row .label-name');
        await labels.filter({ hasText: CATEGORIES[0]! }).first().waitFor({ timeout: 30_000 });
        const names = (await labels.allInnerTexts()).map((t) => t.trim());
        console.log(`# Workspace view rows: ${names.join(', ')}`);
        for (const c of CATEGORIES)
          assert.ok(names.includes(c), `category "${c}" missing from the Workspace view (rows: ${names.join(', ')})`);
      } else {
        const welcome = sidebar.locator('.welcome-view-content');
        await welcome.waitFor({ timeout: 30_000 });
        console.log(`# welcome view: ${(await welcome.innerText()).replace(/\s+/g, ' ').slice(0, 120)}…`);
      }
      await sidebar.screenshot({ path: join(screenshots, 'workspace-view.png') });
      await ui.page.screenshot({ path: join(screenshots, 'workbench.png') });
    },
  );

  step('the workbench raised no uncaught errors', async () => {
    assert.deepEqual(ui.page.errors, []);
  });
});
