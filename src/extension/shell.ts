import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import type { CommandId } from './ids';
import { Commands, ContextKeys, Schemes, ViewIds } from './ids';
import type { Node } from './tree';

/**
 * What activation registers before the engine is loaded (dist/extension.js holds this file, ids.ts and
 * extension.ts only): every contributed command, the Workspace view, the decoration and content
 * providers and the two status bar items. Each one hands its calls to the engine (dist/engine.js,
 * services.ts) once it is attached; a call that comes first waits for it.
 */
export interface Shell {
  readonly treeView: vscode.TreeView<Node>;
  readonly treeDataProvider: vscode.TreeDataProvider<Node>;
  readonly statusItem: vscode.StatusBarItem;
  readonly activeFileItem: vscode.StatusBarItem;
  /** The engine's handler of a contributed command (the shell registered the command itself). */
  handle(id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable;
  attachTree(provider: vscode.TreeDataProvider<Node>): vscode.Disposable;
  attachDecorations(provider: vscode.FileDecorationProvider): vscode.Disposable;
  attachContent(provider: vscode.TextDocumentContentProvider): vscode.Disposable;
}

type Handler = (...args: unknown[]) => unknown;

/** Registers the shell; `engine` settles once the engine has attached itself (or could not load). */
export function createShell(context: vscode.ExtensionContext, engine: () => Promise<unknown>): Shell {
  const push = (...d: vscode.Disposable[]): void => void context.subscriptions.push(...d);
  const handlers = new Map<string, Handler>();
  for (const id of Object.values(Commands) as CommandId[]) {
    push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        let handler = handlers.get(id);
        if (!handler) {
          await engine();
          handler = handlers.get(id);
        }
        if (!handler) throw new Error(`${id}: the command is not available`);
        return handler(...args);
      }),
    );
  }

  let tree: vscode.TreeDataProvider<Node> | undefined;
  const treeChanged = new vscode.EventEmitter<Node | Node[] | undefined | null | void>();
  const treeDataProvider: vscode.TreeDataProvider<Node> = {
    onDidChangeTreeData: treeChanged.event,
    getTreeItem: (node) => tree!.getTreeItem(node),
    getChildren: async (node) => {
      if (!tree) await engine();
      return tree!.getChildren(node);
    },
    getParent: (node) => tree?.getParent?.(node),
  };
  const treeView = vscode.window.createTreeView<Node>(ViewIds.items, {
    treeDataProvider,
    showCollapseAll: true,
    canSelectMany: true,
  });

  let decorations: vscode.FileDecorationProvider | undefined;
  const decorationsChanged = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  let content: vscode.TextDocumentContentProvider | undefined;

  // The items the engine's controllers (status-bar.ts, active-file.ts) fill in: the status bar says "loading" meanwhile.
  const statusItem = vscode.window.createStatusBarItem('notionSync.status', vscode.StatusBarAlignment.Left, 50);
  statusItem.name = 'Notion Sync';
  statusItem.command = Commands.statusMenu;
  statusItem.text = '$(sync~spin) Notion';
  statusItem.show();
  const activeFileItem = vscode.window.createStatusBarItem('notionSync.activeFile', vscode.StatusBarAlignment.Left, 49);
  activeFileItem.name = 'Notion Sync: Current File';

  push(
    treeChanged,
    treeView,
    decorationsChanged,
    statusItem,
    activeFileItem,
    vscode.window.registerFileDecorationProvider({
      onDidChangeFileDecorations: decorationsChanged.event,
      provideFileDecoration: (uri, token) => decorations?.provideFileDecoration(uri, token),
    }),
    vscode.workspace.registerTextDocumentContentProvider(Schemes.page, {
      provideTextDocumentContent: async (uri, token) => {
        if (!content) await engine();
        return content!.provideTextDocumentContent(uri, token);
      },
    }),
  );
  void vscode.commands.executeCommand('setContext', ContextKeys.viewState, 'loading');

  return {
    treeView,
    treeDataProvider,
    statusItem,
    activeFileItem,
    handle(id, handler) {
      handlers.set(id, handler);
      return new vscode.Disposable(() => handlers.delete(id));
    },
    attachTree(provider) {
      tree = provider;
      const sub = provider.onDidChangeTreeData?.((e) => treeChanged.fire(e));
      treeChanged.fire();
      return new vscode.Disposable(() => {
        sub?.dispose();
        tree = undefined;
      });
    },
    attachDecorations(provider) {
      decorations = provider;
      const sub = provider.onDidChangeFileDecorations?.((e) => decorationsChanged.fire(e));
      decorationsChanged.fire(undefined);
      return new vscode.Disposable(() => {
        sub?.dispose();
        decorations = undefined;
      });
    },
    attachContent(provider) {
      content = provider;
      return new vscode.Disposable(() => (content = undefined));
    },
  };
}

/**
 * The API `activate` returns at once: what needs the engine answers as a fresh, not yet refreshed
 * model would (nothing known yet) until the engine is there, and the promises wait for it.
 */
export function lazyApi(
  log: vscode.LogOutputChannel,
  shell: Shell,
  engine: () => Promise<ExtensionApi>,
  loaded: () => ExtensionApi | undefined,
): ExtensionApi {
  return {
    log,
    refresh: async () => (await engine()).refresh(),
    statusBarItem: shell.statusItem,
    activeFileItem: shell.activeFileItem,
    get offline() {
      return loaded()?.offline;
    },
    counts: () =>
      loaded()?.counts() ?? { toSync: 0, remoteModified: 0, conflicts: 0, orphaned: 0, errors: 0, chats: 0 },
    lastAuditCounts: () => loaded()?.lastAuditCounts(),
    treeView: shell.treeView,
    treeDataProvider: shell.treeDataProvider,
    get ready() {
      return engine().then((api) => api.ready);
    },
    whenIdle: async () => (await engine()).whenIdle(),
    get viewState() {
      return loaded()?.viewState ?? 'loading';
    },
    get notionWorkspace() {
      return loaded()?.notionWorkspace;
    },
    itemState: (path) => loaded()?.itemState(path),
    treeItemFor: (path) => loaded()?.treeItemFor(path),
    nodeFor: (path) => loaded()?.nodeFor(path),
    chatNodeFor: (sessionId) => loaded()?.chatNodeFor(sessionId),
    get watchedChatStores() {
      return loaded()?.watchedChatStores ?? [];
    },
    lastAutomaticCapture: () => loaded()?.lastAutomaticCapture(),
    periodicAudits: () => loaded()?.periodicAudits() ?? { runs: 0, last: undefined },
    notionChecks: () =>
      loaded()?.notionChecks() ?? {
        checks: 0,
        last: undefined,
        now: async () => (await engine()).notionChecks().now(),
      },
    decorationFor: (uri) => loaded()?.decorationFor(uri),
  };
}
