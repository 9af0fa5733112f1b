// Runs inside VS Code's extension host (code-server in CI, desktop VS Code via @vscode/test-cli):
// the extension activates, and everything its manifest promises exists. Generic on purpose, so it
// stays true while the contributions grow.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import * as ids from '../../src/extension/ids';
import { checkWhen, parseWhen, type KnownContext } from './when-clause';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';

interface Manifest {
  main: string;
  contributes: {
    commands?: { command: string; enablement?: string }[];
    views?: Record<string, { id: string; when?: string }[]>;
    viewsContainers?: Record<string, { id: string }[]>;
    viewsWelcome?: { view: string; when?: string }[];
    menus?: Record<string, { command?: string; submenu?: string; when?: string }[]>;
    submenus?: { id: string }[];
    keybindings?: { command: string; when?: string }[];
    configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[];
  };
}

function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

async function activated(): Promise<ExtensionApi> {
  const ext = extension();
  const api = await ext.activate();
  assert.ok(ext.isActive, 'extension did not become active');
  assert.ok(api, 'activate() returned no API');
  return api;
}

/** The extension's own namespace (`notionSync.`), from its first view container. */
function prefixOf(manifest: Manifest): string {
  const container = Object.values(manifest.contributes.viewsContainers ?? {}).flat()[0]?.id;
  assert.ok(container, 'no view container contributed');
  return `${container}.`;
}

/** Context keys the bundle sets: `setContext` calls with a literal key, and the declared ContextKeys map. */
function keysSetByBundle(bundle: string): Set<string> {
  const keys = new Set<string>();
  for (const m of bundle.matchAll(/["'`]setContext["'`]\s*,\s*(["'`])([^"'`]+)\1/g)) keys.add(m[2]!);
  const declared: unknown = Reflect.get(ids, 'ContextKeys');
  if (bundle.includes('setContext') && declared && typeof declared === 'object') {
    for (const v of Object.values(declared)) if (typeof v === 'string') keys.add(v);
  }
  return keys;
}

/** contextValues of the tree: declared ones and the ones seen in the tree's first two levels. */
async function contextValuesOf(api: ExtensionApi): Promise<string[]> {
  const declared: unknown = Reflect.get(ids, 'ContextValues');
  const values = new Set<string>(Object.values(declared ?? {}).filter((v): v is string => typeof v === 'string'));
  for (const item of await treeItems(api.treeDataProvider, 2)) if (item.contextValue) values.add(item.contextValue);
  return [...values];
}

/** The tree items of a provider's first `levels` levels (at most 200), whatever its element type. */
async function treeItems<T>(provider: vscode.TreeDataProvider<T>, levels: number): Promise<vscode.TreeItem[]> {
  const items: vscode.TreeItem[] = [];
  const walk = async (parent: T | undefined, level: number): Promise<void> => {
    for (const child of (await provider.getChildren(parent)) ?? []) {
      if (items.length >= 200) return;
      const item = await provider.getTreeItem(child);
      items.push(item);
      if (level + 1 < levels && item.collapsibleState !== vscode.TreeItemCollapsibleState.None)
        await walk(child, level + 1);
    }
  };
  await walk(undefined, 0);
  return items;
}

suite('Extension host', () => {
  let manifest: Manifest;

  suiteSetup(() => {
    manifest = extension().packageJSON as Manifest;
  });

  test('runs inside a real VS Code extension host', () => {
    console.log(
      `      (VS Code ${vscode.version}, ${vscode.env.appName}, ${vscode.env.appHost}; extension host on Node ${process.versions.node}, pid ${process.pid})`,
    );
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folders.length > 0, 'no workspace folder is open');
    console.log(`      (workspace: ${folders.map((f) => f.uri.fsPath).join(', ')})`);
  });

  test(`the extension ${EXTENSION_ID} is present and activates`, async () => {
    const api = await activated();
    assert.equal(typeof api.refresh, 'function');
  });

  test('activation loads a small shell: the engine is a bundle of its own, loaded just after', async () => {
    const api = await activated();
    const root = extension().extensionPath;
    const shell = statSync(join(root, manifest.main)).size;
    // Production ~6 KiB, development ~12 KiB: far from the engine's 1.2 MiB, whatever imports creep in.
    assert.ok(shell < 64 * 1024, `${manifest.main} is ${shell} bytes: the engine was bundled into it`);
    assert.ok(existsSync(join(root, 'dist', 'engine.js')), 'dist/engine.js is missing');
    await api.ready;
    const roots = (await api.treeDataProvider.getChildren(undefined)) ?? [];
    for (const node of roots) assert.ok(await api.treeDataProvider.getTreeItem(node), 'a root has no tree item');
  });

  test('every contributed command is registered', async () => {
    await activated();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (manifest.contributes.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'no commands contributed');
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('every menu entry names a registered command or a contributed submenu', async () => {
    await activated();
    const registered = new Set(await vscode.commands.getCommands(true));
    const submenus = new Set((manifest.contributes.submenus ?? []).map((s) => s.id));
    const problems: string[] = [];
    for (const [where, entries] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const e of entries) {
        if (e.command && !registered.has(e.command))
          problems.push(`${where}: ${e.command} is not a registered command`);
        if (e.submenu && !submenus.has(e.submenu)) problems.push(`${where}: submenu ${e.submenu} is not contributed`);
      }
    }
    for (const k of manifest.contributes.keybindings ?? [])
      if (!registered.has(k.command)) problems.push(`keybinding: ${k.command} is not registered`);
    assert.deepEqual(problems, []);
  });

  test('every when clause refers only to real views, contextValues and context keys', async () => {
    const api = await activated();
    const c = manifest.contributes;
    // The bundle activation loads and the engine it loads just after (tools/build.mjs).
    const bundle = [manifest.main, 'dist/engine.js']
      .map((f) => join(extension().extensionPath, f))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const configs = Array.isArray(c.configuration) ? c.configuration : c.configuration ? [c.configuration] : [];
    const known: KnownContext = {
      prefix: prefixOf(manifest),
      views: new Set(
        Object.values(c.views ?? {})
          .flat()
          .map((v) => v.id),
      ),
      viewContainers: new Set(
        Object.values(c.viewsContainers ?? {})
          .flat()
          .map((v) => v.id),
      ),
      contextValues: await contextValuesOf(api),
      ownKeys: keysSetByBundle(bundle),
      configuration: new Set(configs.flatMap((cfg) => Object.keys(cfg.properties ?? {}))),
    };

    const clauses: [string, string][] = [];
    for (const [where, entries] of Object.entries(c.menus ?? {}))
      for (const e of entries) if (e.when) clauses.push([`menus.${where} ${e.command ?? e.submenu}`, e.when]);
    for (const [container, views] of Object.entries(c.views ?? {}))
      for (const v of views) if (v.when) clauses.push([`views.${container} ${v.id}`, v.when]);
    for (const w of c.viewsWelcome ?? []) {
      if (!known.views.has(w.view)) clauses.push([`viewsWelcome`, `view == ${w.view}`]);
      if (w.when) clauses.push([`viewsWelcome ${w.view}`, w.when]);
    }
    for (const k of c.keybindings ?? []) if (k.when) clauses.push([`keybindings ${k.command}`, k.when]);
    for (const cmd of c.commands ?? [])
      if (cmd.enablement) clauses.push([`commands ${cmd.command} enablement`, cmd.enablement]);

    const problems = clauses.flatMap(([where, clause]) =>
      checkWhen(clause, known).map((p) => `${where}: "${clause}": ${p}`),
    );
    console.log(
      `      (${clauses.length} clause(s) checked; contextValues: ${known.contextValues.join(', ') || 'none'}; keys set by the bundle: ${[...known.ownKeys].join(', ') || 'none'})`,
    );
    assert.deepEqual(problems, []);
  });

  test('the status bar item and the Workspace view exist', async () => {
    const api = await activated();
    assert.ok(api.statusBarItem, 'no status bar item');
    assert.match(api.statusBarItem.text, /Notion/);
    assert.ok(api.statusBarItem.command, 'the status bar item does nothing when clicked');

    assert.ok(api.treeView, 'no tree view');
    const container = prefixOf(manifest).slice(0, -1);
    await vscode.commands.executeCommand(`workbench.view.extension.${container}`);
    for (let i = 0; i < 50 && !api.treeView.visible; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.treeView.visible, 'the tree view did not become visible when its container was opened');

    // An empty tree is fine only where a welcome view says why (not connected, nothing found, …).
    const ready: unknown = Reflect.get(api, 'ready');
    if (ready instanceof Promise) await ready;
    const roots = await treeItems(api.treeDataProvider, 1);
    const views = Object.values(manifest.contributes.views ?? {})
      .flat()
      .map((v) => v.id);
    const welcomed = (manifest.contributes.viewsWelcome ?? []).some((w) => views.includes(w.view));
    assert.ok(roots.length > 0 || welcomed, 'the tree has no items and no welcome view');
    console.log(
      `      (tree: ${roots.length ? roots.map((r) => String(typeof r.label === 'object' ? r.label.label : r.label)).join(', ') : 'empty, the welcome view shows'})`,
    );
    for (const item of roots) {
      assert.ok(item.id, `tree item ${String(item.label)} has no stable id`);
      assert.ok(
        item.contextValue?.startsWith(prefixOf(manifest)),
        `tree item ${String(item.label)} has no namespaced contextValue`,
      );
    }
  });
});

suite('when-clause checker', () => {
  const known: KnownContext = {
    prefix: 'notionSync.',
    views: new Set(['notionSync.items']),
    viewContainers: new Set(['notionSync']),
    contextValues: ['notionSync.category', 'notionSync.item+modified'],
    ownKeys: new Set(['notionSync.connected']),
    configuration: new Set(['notionSync.autoSync']),
  };

  test('reads keys, operators and values', () => {
    assert.deepEqual(
      parseWhen(
        'view == notionSync.items && viewItem =~ /^notionSync\\.item\\b/ && !notionSync.busy || resourceExtname in ext.list',
      ),
      [
        { key: 'view', op: '==', value: 'notionSync.items' },
        { key: 'viewItem', op: '=~', value: '/^notionSync\\.item\\b/' },
        { key: 'notionSync.busy' },
        { key: 'resourceExtname', op: 'in', value: 'ext.list' },
        { key: 'ext.list' },
      ],
    );
  });

  test('accepts clauses about real things', () => {
    assert.deepEqual(
      checkWhen(
        'view == notionSync.items && viewItem =~ /\\+modified/ && notionSync.connected && config.notionSync.autoSync',
        known,
      ),
      [],
    );
    assert.deepEqual(checkWhen("viewItem == 'notionSync.category' || resourceScheme == file", known), []);
  });

  test('reports views, contextValues, keys and settings that do not exist', () => {
    assert.equal(checkWhen('view == notionSync.nope', known).length, 1);
    assert.equal(checkWhen('viewItem =~ /conflict/', known).length, 1);
    assert.equal(checkWhen('viewItem == notionSync.item', known).length, 1);
    assert.equal(checkWhen('notionSync.neverSet', known).length, 1);
    assert.equal(checkWhen('config.notionSync.missing', known).length, 1);
    assert.equal(checkWhen('someTypo == 1', known).length, 1);
  });
});
