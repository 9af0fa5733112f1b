import * as vscode from 'vscode';
import { captureChats } from '../core/sync';
import type { ExtensionApi } from './extension';
import { syncPaths, registerCommands } from './commands';
import type { CommandDeps } from './commands';
import { CompareContentProvider } from './compare';
import { ItemDecorationProvider } from './decorations';
import { ContextKeys, Schemes, ViewIds } from './ids';
import { LiveUpdates } from './live';
import { SyncModel } from './model';
import { getSetting } from './settings';
import { StatusBarController } from './statusBar';
import { TokenStore } from './tokens';
import type { Node } from './tree';
import { SyncTreeProvider } from './tree';

const AUTO_CAPTURE_EVERY_MS = 30 * 60_000;

/** Builds the services, registers them, and hands every disposable to the extension context. */
export async function startExtension(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<ExtensionApi> {
  const push = (...d: vscode.Disposable[]): void => void context.subscriptions.push(...d);
  const contextValues = new Map<string, unknown>();
  const setContext = (key: string, value: unknown): Thenable<void> => {
    if (contextValues.get(key) === value) return Promise.resolve();
    contextValues.set(key, value);
    return vscode.commands.executeCommand('setContext', key, value);
  };

  const tokens = new TokenStore(context.secrets, context.globalState);
  const model = new SyncModel(context, tokens, log);
  const tree = new SyncTreeProvider(model);
  const treeView = vscode.window.createTreeView<Node>(ViewIds.items, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const decorations = new ItemDecorationProvider();
  const status = new StatusBarController(model);
  const compare = new CompareContentProvider(model, log);
  push(tokens, model, tree, treeView, decorations, status);
  push(
    vscode.window.registerFileDecorationProvider(decorations),
    vscode.workspace.registerTextDocumentContentProvider(Schemes.page, compare),
    vscode.workspace.registerTextDocumentContentProvider(Schemes.local, compare),
  );

  const deps: CommandDeps = { context, model, tree, treeView, tokens, log, setContext };
  push(...registerCommands(deps));
  push(
    new LiveUpdates(model, (path) => syncPaths(deps, [path], { title: `Syncing ${path}`, quiet: true, trigger: 'auto' }), log),
    tokens.onDidChange(() => void model.refresh()),
  );

  // The view, the badge and the context keys follow the model.
  const onModel = (): void => {
    tree.rebuild();
    const attention = model.attention.length;
    treeView.badge = attention ? { value: attention, tooltip: `${attention} item${attention === 1 ? ' needs' : 's need'} attention (new, modified, conflicts, errors, only in Notion)` } : undefined;
    // A database that cannot be read while the others can: say so above the tree.
    const dbProblem = Object.values(model.overview?.databases ?? {}).find((d) => d.problem && d.problem.reason !== 'not-configured')?.problem;
    treeView.message = model.viewState === 'ready' && dbProblem ? `${dbProblem.message} ${dbProblem.fix}` : undefined;
    void setContext(ContextKeys.viewState, model.viewState);
    void setContext(ContextKeys.connected, model.viewState !== 'notConnected' && model.viewState !== 'loading' && model.connected);
  };
  push(model.onDidChange(onModel));
  void setContext(ContextKeys.viewState, 'loading');
  void setContext(ContextKeys.filtered, false);
  void setContext(ContextKeys.busy, false);

  // Optional automatic capture of agent chats (off by default; never in an untrusted workspace).
  let lastCapture = 0;
  const autoCapture = async (): Promise<void> => {
    if (!getSetting('captureChatsAutomatically') || !vscode.workspace.isTrusted || model.viewState !== 'ready' || Date.now() - lastCapture < AUTO_CAPTURE_EVERY_MS / 2) return;
    lastCapture = Date.now();
    try {
      const r = await model.exclusive(async () => captureChats(await model.engine('auto', { command: 'Notion Sync: automatic chat capture' }), {}));
      log.info(`Automatic chat capture: ${r.captured} captured, ${r.updated} updated, ${r.failed} failed`);
      if (r.captured + r.updated > 0) void model.refresh();
    } catch (err) {
      log.warn(`Automatic chat capture failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const timer = setInterval(() => void autoCapture(), AUTO_CAPTURE_EVERY_MS);
  push({ dispose: () => clearInterval(timer) });

  log.info(`Notion Workspace Sync activated (VS Code ${vscode.version}, workspace ${model.root ?? 'none'})`);
  const first = model.refresh().then(() => autoCapture());

  const api: ExtensionApi = {
    log,
    refresh: () => model.refresh(),
    statusBarItem: status.item,
    treeView,
    treeDataProvider: tree,
    ready: first,
    whenIdle: () => model.whenIdle(),
    get viewState() {
      return model.viewState;
    },
    get notionWorkspace() {
      return model.notionWorkspace;
    },
    itemState: (path) => model.item(path)?.state,
    treeItemFor: (path) => {
      const node = tree.nodeForPath(path);
      return node ? tree.getTreeItem(node) : undefined;
    },
    nodeFor: (path) => tree.nodeForPath(path),
    decorationFor: (uri) => decorations.provideFileDecoration(uri),
  };
  return api;
}
