/// <reference lib="dom" />
// What a user does with the extension, in the real workbench (code-server + Chromium): the tree with
// its badges, right-click "Sync to Notion" in the explorer, the status bar following, the audit
// report in the markdown preview, an edit made in Notion pulled into the file with one click. Needs the sandbox world of tools/vscode/with-sandbox.mjs
// (`npm run test:e2e` prepares it); skipped without. Screenshots: test-results/screenshots/.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitForStatusBarItem } from '../../tools/vscode/code-server.mjs';
import { screenshots, workbenchSession } from './workbench-session';
const hasSandbox = !!process.env.NOTION_SYNC_SANDBOX_URL && !!process.env.NOTION_TOKEN;
const FILE = 'incident-2025-03-19.md';

describe(
  'editor UI: tree badges, explorer "Sync to Notion", status bar, audit report',
  { timeout: 300_000, skip: hasSandbox ? false : 'no sandbox (run through npm run test:e2e)' },
  () => {
    const ui = workbenchSession('editor');
    const step = ui.step;
    let pendingBefore = 0;

    const sidebar = (): Locator => ui.page.locator('.part.sidebar');
    const statusText = async (): Promise<string> => (await waitForStatusBarItem(ui.page)).text;
    const pendingCount = (text: string): number => Number(/(\d+) to sync/.exec(text)?.[1] ?? NaN);

    /** The decoration badges of a row: VS Code draws them as CSS `::after` content. */
    const badgeOf = (row: Locator): Promise<string> =>
      row.evaluate((el) =>
        [el, ...el.querySelectorAll('*')]
          .map((e) => getComputedStyle(e, '::after').content)
          .filter((c) => c && c !== 'none' && c !== 'normal')
          .map((c) => c.replace(/^"|"$/g, '').trim())
          .filter((c) => c.length > 0)
          .join(' '),
      );

    /** Makes the side bar wide enough for the descriptions (drag its sash). */
    const widenSidebar = async (): Promise<void> => {
      const box = await sidebar().boundingBox();
      if (!box || box.width > 450) return;
      const x = box.x + box.width;
      await ui.page.mouse.move(x, 400);
      await ui.page.mouse.down();
      await ui.page.mouse.move(x + 200, 400, { steps: 5 });
      await ui.page.mouse.up();
    };

    /** A screenshot of the side bar down to its last row (no empty space below). */
    const sidebarShot = async (file: string): Promise<void> => {
      const box = await sidebar().boundingBox();
      const last = await sidebar().locator('.monaco-list-row').last().boundingBox();
      if (!box) throw new Error('no side bar');
      const height = last ? Math.min(box.height, last.y + last.height + 8 - box.y) : box.height;
      await ui.page.screenshot({
        path: join(screenshots, file),
        clip: { x: box.x, y: box.y, width: box.width, height },
      });
    };

    /** The row of our tree for a file name, in the Notion Sync view. */
    const treeRow = (name: string): Locator => sidebar().locator('.monaco-list-row', { hasText: name }).first();

    const openNotionView = async (): Promise<void> => {
      // Already shown: a click on its icon would close the side bar.
      if (
        await sidebar()
          .locator('.composite.title', { hasText: /Notion Sync/i })
          .isVisible()
      )
        return;
      // The view's badge (items needing attention) covers the icon: click through it.
      await ui.page.locator('.part.activitybar .action-item a[aria-label^="Notion Sync"]').click({ force: true });
      await sidebar()
        .locator('.composite.title', { hasText: /Notion Sync/i })
        .waitFor({ timeout: 30_000 });
    };

    const runCommand = async (title: string): Promise<void> => {
      await ui.page.keyboard.press('F1');
      const input = ui.page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill(`>${title}`);
      await ui.page
        .locator('.quick-input-list .monaco-list-row', { hasText: title })
        .first()
        .waitFor({ timeout: 10_000 });
      await ui.page.keyboard.press('Enter');
    };

    step('the status bar says how many items are to sync', async () => {
      await ui.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      let text = '';
      for (let i = 0; i < 120 && !/to sync/.test(text); i++) {
        text = await statusText();
        if (!/to sync/.test(text)) await ui.page.waitForTimeout(500);
      }
      pendingBefore = pendingCount(text);
      assert.ok(pendingBefore > 0, `status bar: "${text}"`);
      console.log(`# status bar before: "${text}"`);
    });

    step('the Notion Sync view shows the items with their badges', async () => {
      await openNotionView();
      await treeRow(FILE).waitFor({ timeout: 30_000 });
      await widenSidebar();
      const badges = {
        new: await badgeOf(treeRow(FILE)),
        synced: await badgeOf(treeRow('2025-q2-roadmap.md')),
        modified: await badgeOf(treeRow('onboarding-checklist.md')),
      };
      console.log(
        `# badges: ${JSON.stringify(badges)}; row: "${(await treeRow(FILE).innerText()).replace(/\n/g, ' ')}"`,
      );
      assert.equal(badges.new, '+', 'the new item has no "+" badge');
      assert.equal(badges.synced, '✓', 'the synced item has no "✓" badge');
      assert.equal(badges.modified, 'M', 'the modified item has no "M" badge');
      await ui.page.mouse.move(700, 600);
      await ui.page.waitForTimeout(300);
      await sidebarShot('tree-badges.png');
    });

    step('right-click the file in the explorer: "Sync to Notion"', async () => {
      await ui.page.keyboard.press('Control+Shift+E');
      const explorer = sidebar().locator('.explorer-folders-view');
      await explorer.waitFor({ timeout: 30_000 });
      const folder = explorer.locator('.monaco-list-row', { hasText: /^reports$/ }).first();
      await folder.waitFor({ timeout: 30_000 });
      if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
      const file = explorer.locator('.monaco-list-row', { hasText: FILE }).first();
      await file.waitFor({ timeout: 10_000 });
      await file.click({ button: 'right' });
      const item = ui.page.locator('.monaco-menu .action-item', { hasText: 'Sync to Notion' }).first();
      await item.waitFor({ timeout: 10_000 });
      await item.hover();
      const menu = await ui.page.locator('.monaco-menu').first().boundingBox();
      const side = await sidebar().boundingBox();
      await ui.page.screenshot({
        path: join(screenshots, 'explorer-context-menu.png'),
        clip:
          menu && side
            ? {
                x: side.x,
                y: side.y,
                width: menu.x + menu.width + 12 - side.x,
                height: menu.y + menu.height + 12 - side.y,
              }
            : undefined,
      });
      await item.click();
    });

    step('the status bar text follows, and the badge turns to synced', async () => {
      let text = '';
      for (let i = 0; i < 120; i++) {
        text = await statusText();
        if (pendingCount(text) === pendingBefore - 1) break;
        await ui.page.waitForTimeout(250);
      }
      assert.equal(pendingCount(text), pendingBefore - 1, `status bar after the sync: "${text}"`);
      console.log(`# status bar after: "${text}"`);
      await ui.page.locator('.part.statusbar').screenshot({ path: join(screenshots, 'status-bar-after-sync.png') });
      await openNotionView();
      const row = treeRow(FILE);
      for (let i = 0; i < 40 && (await badgeOf(row)) !== '✓'; i++) await ui.page.waitForTimeout(250);
      assert.equal(await badgeOf(row), '✓', 'the badge did not turn to ✓');
      assert.match(await row.innerText(), /synced/);
      await ui.page.mouse.move(700, 600);
      await ui.page.waitForTimeout(300);
      await sidebarShot('tree-after-sync.png');
    });

    step('the status bar item opens the actions quick pick', async () => {
      await (await waitForStatusBarItem(ui.page)).locator.click();
      const pick = ui.page.locator('.quick-input-widget');
      await pick.locator('.monaco-list-row', { hasText: 'Run Full Audit' }).waitFor({ timeout: 10_000 });
      await ui.page.screenshot({ path: join(screenshots, 'status-bar-menu.png') });
      await ui.page.keyboard.press('Escape');
    });

    step('"Run Full Audit" opens the report in the markdown preview', async () => {
      await runCommand('Notion Sync: Run Full Audit');
      const tab = ui.page.locator('.tabs-container .tab', { hasText: /Preview notion-sync-audit/ });
      await tab.waitFor({ timeout: 60_000 });
      // The preview renders inside nested iframes: wait for its heading.
      const heading = ui.page
        .frameLocator('iframe.webview')
        .frameLocator('iframe')
        .locator('h1', { hasText: 'Notion sync audit' });
      await heading.waitFor({ timeout: 30_000 });
      await ui.page.waitForTimeout(500);
      await ui.page.screenshot({ path: join(screenshots, 'audit-report.png') });
    });

    step('an edit made in Notion shows as "changed in Notion": "R" badge, "1 to pull" in the status bar', async () => {
      const sandbox = process.env.NOTION_SYNC_SANDBOX_URL!;
      const headers = {
        authorization: `Bearer ${process.env.NOTION_TOKEN}`,
        'notion-version': '2025-09-03',
        'content-type': 'application/json',
      };
      const found = (await (
        await fetch(`${sandbox}/v1/search`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: 'roadmap', filter: { property: 'object', value: 'page' } }),
        })
      ).json()) as { results: Array<{ id: string }> };
      assert.ok(found.results[0], 'the roadmap page is not in the sandbox');
      const post = (path: string, body: unknown): Promise<Response> =>
        fetch(`${sandbox}/__sandbox/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      assert.ok((await post('clock', { advanceMs: 5 * 60_000 })).ok);
      assert.ok(
        (await post('human-edit', { pageId: found.results[0].id, appendParagraph: 'Pat added this in Notion.' })).ok,
      );
      await runCommand('Notion Sync: Refresh');
      let text = '';
      for (let i = 0; i < 80 && !/to pull/.test(text); i++) {
        text = await statusText();
        if (!/to pull/.test(text)) await ui.page.waitForTimeout(250);
      }
      assert.match(text, /1 to pull/);
      assert.doesNotMatch(text, /conflict/, 'a Notion-only edit is not a conflict');
      const row = treeRow('2025-q2-roadmap.md');
      for (let i = 0; i < 40 && (await badgeOf(row)) !== 'R'; i++) await ui.page.waitForTimeout(250);
      assert.equal(await badgeOf(row), 'R');
      assert.match(await row.innerText(), /changed in Notion/);
      await ui.page.mouse.move(700, 600);
      await ui.page.waitForTimeout(300);
      await ui.page.screenshot({ path: join(screenshots, 'remote-modified.png') });
    });

    step('the Explorer shows the same badges on the files themselves (synced files stay quiet)', async () => {
      await ui.page.keyboard.press('Control+Shift+E');
      const explorer = sidebar().locator('.explorer-folders-view');
      await explorer.waitFor({ timeout: 30_000 });
      const plans = explorer.locator('.monaco-list-row', { hasText: /^plans$/ }).first();
      await plans.waitFor({ timeout: 30_000 });
      // A click while the list re-renders can be lost: click until the folder is open.
      for (let i = 0; i < 8 && (await plans.getAttribute('aria-expanded')) !== 'true'; i++) {
        await plans.click();
        await ui.page.waitForTimeout(300);
      }
      const modified = explorer.locator('.monaco-list-row', { hasText: 'onboarding-checklist.md' }).first();
      await modified.waitFor({ timeout: 10_000 });
      let badge = '';
      for (let i = 0; i < 40 && !badge.includes('M'); i++) {
        badge = await badgeOf(modified);
        if (!badge.includes('M')) await ui.page.waitForTimeout(250);
      }
      assert.ok(badge.split(' ').includes('M'), `Explorer badge of a modified file: "${badge}"`);
      const remote = explorer.locator('.monaco-list-row', { hasText: '2025-q2-roadmap.md' }).first();
      assert.ok((await badgeOf(remote)).split(' ').includes('R'), 'no "changed in Notion" badge in the Explorer');
      await ui.page.mouse.move(700, 600);
      await ui.page.waitForTimeout(300);
      await sidebarShot('explorer-badges.png');
    });

    step(
      'one click on "Pull from Notion" in the tree: the edit made in Notion is in the file, the badge turns ✓',
      async () => {
        const file = join(process.env.NOTION_SYNC_TEST_WORKSPACE ?? '', 'plans', '2025-q2-roadmap.md');
        const before = readFileSync(file, 'utf8');
        assert.doesNotMatch(before, /Pat added this in Notion/);
        await openNotionView();
        const row = treeRow('2025-q2-roadmap.md');
        await row.hover();
        // The inline action of the row (its icon button); VS Code names it by the command's title.
        const pull = row.locator('.actions .action-label[aria-label^="Pull from Notion"]').first();
        await pull.waitFor({ timeout: 10_000 });
        await ui.page.screenshot({ path: join(screenshots, 'tree-pull-inline.png') });
        await pull.click();
        let text = before;
        for (let i = 0; i < 120 && !/Pat added this in Notion/.test(text); i++) {
          await ui.page.waitForTimeout(250);
          text = readFileSync(file, 'utf8');
        }
        assert.equal(text, `${before.replace(/\n*$/, '\n')}\nPat added this in Notion.\n`, 'the file after the pull');
        for (let i = 0; i < 40 && (await badgeOf(row)) !== '✓'; i++) await ui.page.waitForTimeout(250);
        assert.equal(await badgeOf(row), '✓', 'the badge did not turn to ✓ after the pull');
        assert.doesNotMatch(await statusText(), /to pull/);
        await ui.page.mouse.move(700, 600);
        await ui.page.waitForTimeout(300);
        await sidebarShot('tree-after-pull.png');
      },
    );

    step(
      'Notion down: the local items stay, marked unknown, with a Retry row; back up, it reconnects by itself',
      async () => {
        const faults = (spec: string | null): Promise<Response> =>
          fetch(`${process.env.NOTION_SYNC_SANDBOX_URL}/__sandbox/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ spec }),
          });
        assert.ok((await faults('kinds=503')).ok);
        try {
          await openNotionView();
          await runCommand('Notion Sync: Refresh');
          const retry = sidebar().locator('.monaco-list-row', { hasText: 'Notion cannot be reached' }).first();
          await retry.waitFor({ timeout: 30_000 });
          assert.match(await statusText(), /offline/);
          const local = treeRow('onboarding-checklist.md');
          await local.waitFor({ timeout: 10_000 });
          // The row is updated in place when the view is already open: its badge may follow a moment later.
          for (let i = 0; i < 40 && (await badgeOf(local)) !== '…'; i++) await ui.page.waitForTimeout(250);
          assert.equal(await badgeOf(local), '…', 'the local item is not marked unknown');
          await ui.page.mouse.move(700, 600);
          await ui.page.waitForTimeout(300);
          await ui.page.screenshot({ path: join(screenshots, 'offline.png') });
        } finally {
          await faults(null);
        }
        let text = '';
        for (let i = 0; i < 120 && /offline/.test((text = await statusText())); i++) await ui.page.waitForTimeout(250);
        assert.doesNotMatch(text, /offline/, 'did not reconnect by itself');
      },
    );

    step('a refused token keeps the input box open and says why', async () => {
      await runCommand('Notion Sync: Connect to Notion…');
      const input = ui.page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('ntn_not_a_valid_token');
      await ui.page.keyboard.press('Enter');
      const message = ui.page.locator('.quick-input-widget .quick-input-message', { hasText: /refused/i });
      await message.waitFor({ timeout: 20_000 });
      assert.ok(await input.isVisible(), 'the input box closed');
      await ui.page.screenshot({ path: join(screenshots, 'connect-refused.png') });
      await ui.page.keyboard.press('Escape');
    });

    step('Ctrl+Alt+Shift+N syncs the current file; the status bar shows its state', async () => {
      await ui.page.keyboard.press('Control+P');
      const input = ui.page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('weekly-ingest-2025-w14.md');
      await ui.page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'weekly-ingest-2025-w14.md' })
        .first()
        .waitFor({ timeout: 10_000 });
      await ui.page.keyboard.press('Enter');
      const fileState = ui.page.locator('.part.statusbar .statusbar-item', { hasText: /Notion: not in Notion yet/ });
      await fileState.waitFor({ timeout: 15_000 });
      await ui.page.locator('.monaco-editor .view-lines').first().click();
      await ui.page.keyboard.press('Control+Alt+Shift+N');
      await ui.page
        .locator('.part.statusbar .statusbar-item', { hasText: /Notion: synced/ })
        .waitFor({ timeout: 30_000 });
    });

    step('the workbench raised no uncaught errors', async () => {
      assert.deepEqual(ui.page.errors, []);
    });
  },
);
