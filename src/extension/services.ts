import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { syncPaths, registerCommands } from './commands';
import { auditCounts } from './commands/audit';
import type { CommandDeps } from './commands';
import { CompareContentProvider } from './compare';
import { ChatStoreWatcher } from './chat-watch';
import { AuditWatcher } from './audit-watch';
import { ActiveFileStatus } from './active-file';
import { attentionTotal, describeAttention } from './attention';
import { ItemDecorationProvider } from './decorations';
import { editorMessage } from './messages';
import { ContextKeys } from './ids';
import { FolderFollower, viewDescription } from './folders';
import { LiveUpdates } from './live';
import { NotionWatcher } from './remote-watch';
import { SyncModel } from './model';
import { StatusBarController } from './status-bar';
import { TokenStore } from './tokens';
import type { Shell } from './shell';
import { SyncTreeProvider } from './tree';

/**
 * Builds the services, attaches them to what activation registered (shell.ts), and hands every
 * disposable to the extension context.
 */
export function startExtension(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  shell: Shell,
): ExtensionApi {
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
  const { treeView } = shell;
  const decorations = new ItemDecorationProvider(model);
  const status = new StatusBarController(model, shell.statusItem);
  const activeFile = new ActiveFileStatus(model, shell.activeFileItem);
  const compare = new CompareContentProvider(model, log);
  push(tokens, model, tree, decorations, status, activeFile);
  push(shell.attachTree(tree), shell.attachDecorations(decorations), shell.attachContent(compare));

  const folders = new FolderFollower(model);
  push(folders);
  const deps: CommandDeps = { context, model, tree, treeView, tokens, log, setContext, folders };
  push(...registerCommands(deps, (id, handler) => shell.handle(id, handler)));
  push(
    new LiveUpdates(
      model,
      (path) => syncPaths(deps, [path], { title: `Syncing ${path}`, quiet: true, trigger: 'auto' }),
      log,
    ),
    tokens.onDidChange(() => void model.refresh()),
  );

  // The view, the badge, the file badges and the context keys follow the model.
  let filesKey = '';
  const onModel = (): void => {
    tree.rebuild();
    decorations.update();
    // The same counts as the status bar and the audit summary (attention.ts).
    const counts = model.counts;
    const attention = attentionTotal(counts);
    treeView.badge = attention
      ? { value: attention, tooltip: `Needs attention: ${describeAttention(counts).join(' · ')}` }
      : undefined;
    // A database that cannot be read while the others can: say so above the tree.
    const dbProblem = Object.values(model.overview?.databases ?? {}).find(
      (d) => d.problem && d.problem.reason !== 'not-configured',
    )?.problem;
    treeView.message = model.offline
      ? `Notion cannot be reached (${model.offline.message}). Showing the local files; reconnecting by itself.`
      : model.viewState === 'ready' && dbProblem
        ? editorMessage(dbProblem)
        : undefined;
    // Several configured folders: the view says which one it shows (it follows the active file).
    treeView.description = viewDescription(model.root, tree.attentionOnly);
    void setContext(ContextKeys.viewState, model.viewState);
    void setContext(
      ContextKeys.connected,
      model.viewState !== 'notConnected' && model.viewState !== 'loading' && model.connected,
    );
    void setContext(ContextKeys.offline, !!model.offline);
    void setContext(ContextKeys.needsAttention, attention > 0);
    void setContext(ContextKeys.changedInNotion, counts.remoteModified + counts.conflicts > 0);
    void setContext(ContextKeys.tokenRefused, model.viewState === 'notConnected' && model.tokenRefused);
    // Which files menus offer "Sync to Notion" and "Open in Notion" on (`resourcePath in …`).
    const tracked: Record<string, true> = {};
    const inNotion: Record<string, true> = {};
    for (const i of model.items) {
      const abs = i.local ? model.absolutePath(i.path) : undefined;
      if (!abs) continue;
      tracked[abs] = true;
      if (i.url) inNotion[abs] = true;
    }
    const key = JSON.stringify([tracked, inNotion]);
    if (key !== filesKey) {
      filesKey = key;
      void vscode.commands.executeCommand('setContext', ContextKeys.trackedFiles, tracked);
      void vscode.commands.executeCommand('setContext', ContextKeys.filesInNotion, inNotion);
    }
  };
  push(model.onDidChange(onModel));
  void setContext(ContextKeys.viewState, 'loading');
  void setContext(ContextKeys.filtered, false);
  void setContext(ContextKeys.busy, false);

  // Agent chat stores: live badges, and the optional automatic capture (off by default; never in an untrusted workspace).
  const chatWatcher = new ChatStoreWatcher(model, log);
  push(chatWatcher);
  // Monitoring: the optional periodic audit that alerts on new critical gaps (off by default; never untrusted).
  const auditWatcher = new AuditWatcher(model, context, log);
  push(auditWatcher);

  log.info(`Notion Workspace Sync activated (VS Code ${vscode.version}, workspace ${model.root ?? 'none'})`);
  const first = model.refresh();

  // Notion checked for edits made elsewhere (focus, interval) while online; reconnecting by itself while offline.
  const notionWatcher = new NotionWatcher(model, log);
  push(notionWatcher);

  const api: ExtensionApi = {
    log,
    refresh: () => model.refresh(),
    statusBarItem: status.item,
    activeFileItem: activeFile.item,
    get offline() {
      return model.offline?.message;
    },
    counts: () => ({ ...model.counts }),
    lastAuditCounts: () => auditCounts(),
    treeView,
    treeDataProvider: shell.treeDataProvider,
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
    periodicAudits: () => ({ runs: auditWatcher.runs, last: auditWatcher.last }),
    notionChecks: () => ({ checks: notionWatcher.checks, last: notionWatcher.last, now: () => notionWatcher.check() }),
    decorationFor: (uri) => decorations.provideFileDecoration(uri),
  };
  return api;
}
