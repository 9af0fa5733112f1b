import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { syncPaths, registerCommands } from './commands';
import type { CommandDeps } from './commands';
import { CompareContentProvider } from './compare';
import { ChatStoreWatcher } from './chat-watch';
import { ItemDecorationProvider } from './decorations';
import { ContextKeys, Schemes, ViewIds } from './ids';
import { LiveUpdates } from './live';
import { SyncModel } from './model';
import { StatusBarController } from './status-bar';
import { TokenStore } from './tokens';
import type { Node } from './tree';
import { SyncTreeProvider } from './tree';

/** Builds the services, registers them, and hands every disposable to the extension context. */
export async function startExtension(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<ExtensionApi> {
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
  const treeView = vscode.window.createTreeView<Node>(ViewIds.items, {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
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
    new LiveUpdates(
      model,
      (path) => syncPaths(deps, [path], { title: `Syncing ${path}`, quiet: true, trigger: 'auto' }),
      log,
    ),
    tokens.onDidChange(() => void model.refresh()),
  );

  // The view, the badge and the context keys follow the model.
  const onModel = (): void => {
    tree.rebuild();
    const attention = model.attention.length;
    treeView.badge = attention
      ? {
          value: attention,
          tooltip: `${attention} item${attention === 1 ? ' needs' : 's need'} attention (new, modified, conflicts, errors, only in Notion)`,
        }
      : undefined;
    // A database that cannot be read while the others can: say so above the tree.
    const dbProblem = Object.values(model.overview?.databases ?? {}).find(
      (d) => d.problem && d.problem.reason !== 'not-configured',
    )?.problem;
    treeView.message = model.viewState === 'ready' && dbProblem ? `${dbProblem.message} ${dbProblem.fix}` : undefined;
    void setContext(ContextKeys.viewState, model.viewState);
    void setContext(
      ContextKeys.connected,
      model.viewState !== 'notConnected' && model.viewState !== 'loading' && model.connected,
    );
  };
  push(model.onDidChange(onModel));
  void setContext(ContextKeys.viewState, 'loading');
  void setContext(ContextKeys.filtered, false);
  void setContext(ContextKeys.busy, false);

  // Agent chat stores: live badges, and the optional automatic capture (off by default; never in an untrusted workspace).
  const chatWatcher = new ChatStoreWatcher(model, log);
  push(chatWatcher);

  log.info(`Notion Workspace Sync activated (VS Code ${vscode.version}, workspace ${model.root ?? 'none'})`);
  const first = model.refresh();

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
    chatNodeFor: (sessionId) => tree.nodeForSession(sessionId),
    get watchedChatStores() {
      return chatWatcher.watched;
    },
    lastAutomaticCapture: () => chatWatcher.lastCapture,
    decorationFor: (uri) => decorations.provideFileDecoration(uri),
  };
  return api;
}
