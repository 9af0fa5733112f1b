import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { auditMarkdown, chatCensus, runAudit } from '../core/audit';
import type { Remediation } from '../core/audit';
import { CONFIG_FILE_NAME, normalizeNotionId } from '../core/config';
import { classifyPath } from '../core/inventory';
import { explain, NotionError } from '../core/notion/errors';
import type { SyncReport } from '../core/sync';
import { captureChats, EngineSetupError, initDatabases, listChats, runSync } from '../core/sync';
import { checkConnection, searchParentPages } from '../core/sync/session';
import { compareUris } from './compare';
import type { CommandId } from './ids';
import { Commands, ContextKeys, ViewIds } from './ids';
import type { SyncModel } from './model';
import { errorProblem } from './model';
import { runScriptInTerminal, suggestCommand } from './run-script';
import { getSetting } from './settings';
import type { TokenStore } from './tokens';
import type { Node, SyncTreeProvider } from './tree';
import { CategoryNode, categoryTitle, ChatNode, chatState, FolderNode, ItemNode, TriggerFileNode } from './tree';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  model: SyncModel;
  tree: SyncTreeProvider;
  treeView: vscode.TreeView<Node>;
  tokens: TokenStore;
  log: vscode.LogOutputChannel;
  setContext(key: string, value: unknown): Thenable<void>;
}

/** What a sync command was invoked on: palette (nothing), tree node(s), explorer/editor `(uri, uris[])`, or paths (tests). */
type Target = Node | vscode.Uri | string;

/** The user's path after a command ran, for tests and for callers. */
export interface SyncOutcome {
  report?: SyncReport;
  outside: string[];
  cancelled?: boolean;
  error?: string;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { model, tree, treeView, tokens, log } = deps;
  const handlers: Record<CommandId, (...args: never[]) => unknown> = {
    [Commands.connect]: (token?: string) => connect(deps, typeof token === 'string' ? token : undefined),
    [Commands.disconnect]: async () => {
      await tokens.clear();
      void vscode.window.showInformationMessage('Disconnected from Notion. The token was removed from this editor.');
      await model.refresh();
    },
    [Commands.initDatabases]: (parent?: string) => initialize(deps, typeof parent === 'string' ? parent : undefined),
    [Commands.refresh]: () => model.refresh(),
    [Commands.syncAll]: () => syncPaths(deps, undefined, { title: 'Syncing all pending items' }),
    [Commands.sync]: (arg?: Target, args?: Target[]) => syncTargets(deps, arg, args),
    [Commands.overwrite]: (arg?: Target) => overwrite(deps, arg),
    [Commands.openInNotion]: async (arg?: Target) => {
      const item = itemOf(deps, arg);
      if (!item?.url)
        return void vscode.window.showInformationMessage(
          `${item?.path ?? 'This file'} has no Notion page yet: sync it first.`,
        );
      return vscode.env.openExternal(vscode.Uri.parse(item.url));
    },
    [Commands.compare]: (arg?: Target) => compare(deps, arg),
    [Commands.revealInExplorer]: async (arg?: Target) => {
      const uri = fileUriOf(deps, arg);
      if (uri) await vscode.commands.executeCommand('revealInExplorer', uri);
    },
    [Commands.openFile]: async (arg?: Target) => {
      const uri = fileUriOf(deps, arg);
      if (uri) await vscode.window.showTextDocument(uri, { preview: true });
    },
    [Commands.filterAttention]: () => setFilter(deps, true),
    [Commands.showAll]: () => setFilter(deps, false),
    [Commands.audit]: () => audit(deps),
    [Commands.captureChats]: (arg?: unknown, args?: unknown) => capture(deps, sessionIdsOf(arg, args)),
    [Commands.runScript]: (arg?: Target, command?: string) =>
      runScript(deps, arg, typeof command === 'string' ? command : undefined),
    [Commands.statusMenu]: () => statusMenu(deps),
    [Commands.openView]: async () => {
      await vscode.commands.executeCommand(`workbench.view.extension.${ViewIds.container}`);
    },
    [Commands.openSettings]: () =>
      vscode.commands.executeCommand(
        'workbench.action.openSettings',
        '@ext:notion-workspace-sync.notion-workspace-sync',
      ),
    [Commands.showLog]: () => log.show(),
  };
  void treeView;
  void tree;
  return Object.entries(handlers).map(([id, fn]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        const p = errorProblem(err);
        log.error(`${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        void vscode.window
          .showErrorMessage(`Notion Sync: ${p.message}${p.fix ? ` ${p.fix}` : ''}`, 'Show Log')
          .then((c) => c && log.show());
        return undefined;
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Connect / initialize

async function connect(deps: CommandDeps, given?: string): Promise<{ notionWorkspace?: string } | undefined> {
  const { model, tokens, log } = deps;
  const token = (
    given ??
    (await vscode.window.showInputBox({
      title: 'Connect to Notion',
      prompt:
        "Paste the Internal Integration Secret of your Notion integration (notion.so/my-integrations). It is kept in the editor's secret storage.",
      placeHolder: 'ntn_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Paste the token, or press Escape to cancel.'),
    }))
  )?.trim();
  if (!token) return undefined;
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Connecting to Notion…' },
    () => model.exclusive(async () => checkConnection({ ...(await model.engine('editor')), token })),
  );
  if (!check.ok) {
    const p = check.problem;
    log.warn(`Connect: ${p?.message ?? 'failed'}`);
    void vscode.window.showErrorMessage(
      `Could not connect to Notion: ${p?.message ?? 'unknown error'} ${p?.fix ?? ''}`,
    );
    return undefined;
  }
  await tokens.store(token);
  const name = check.notionWorkspace ?? 'your Notion workspace';
  log.info(`Connected to Notion workspace "${name}"`);
  await model.refresh();
  const next = model.viewState === 'noDatabases' ? 'Initialize Databases' : undefined;
  void vscode.window
    .showInformationMessage(`Connected to Notion workspace "${name}".`, ...(next ? [next] : []))
    .then((c) => {
      if (c === next) void vscode.commands.executeCommand(Commands.initDatabases);
    });
  return { notionWorkspace: check.notionWorkspace };
}

async function initialize(
  deps: CommandDeps,
  given?: string,
): Promise<{ databases: Record<string, string> } | undefined> {
  const { model, log } = deps;
  const ctx = await model.engine('editor');
  if (!ctx.token) {
    const c = await vscode.window.showWarningMessage('Connect to Notion first.', 'Connect to Notion');
    if (c) await vscode.commands.executeCommand(Commands.connect);
    return undefined;
  }
  let parentPageId: string | undefined;
  if (given) {
    parentPageId = normalizeNotionId(given);
    if (!parentPageId) throw new Error(`"${given}" is not a Notion page URL or id.`);
  } else {
    const missing = [
      ...Object.values(ctx.config.categories).map((c) => c.databaseId),
      ctx.config.executionLogs.databaseId,
    ].some((id) => !id);
    if (missing) {
      parentPageId = await pickParentPage(deps, ctx.config.parentPageId);
      if (!parentPageId) return undefined;
    }
  }
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Notion Sync: initializing databases', cancellable: true },
    (progress, cancel) =>
      model.exclusive(async () => {
        const abort = new AbortController();
        cancel.onCancellationRequested(() => abort.abort());
        const engine = await model.engine('editor', {
          signal: abort.signal,
          onProgress: (e) => progress.report({ message: e.message }),
        });
        return initDatabases(engine, { parentPageId });
      }),
  );
  const created = report.created.length;
  log.info(`Initialize Databases: created ${report.created.join(', ') || 'none'}; recorded in ${report.configFile}`);
  for (const p of report.unresolved)
    log.warn(`${p.database}: property "${p.property}" is ${p.actual} but must be ${p.expected}`);
  await model.refresh();
  const msg = created
    ? `Created ${created} Notion database${created === 1 ? '' : 's'} and recorded their ids in ${CONFIG_FILE_NAME}.`
    : `The Notion databases are ready (ids in ${CONFIG_FILE_NAME}).`;
  if (report.unresolved.length)
    void vscode.window
      .showWarningMessage(
        `${msg} ${report.unresolved.length} propert${report.unresolved.length === 1 ? 'y needs' : 'ies need'} fixing in Notion (see the log).`,
        'Show Log',
      )
      .then((c) => c && log.show());
  else void vscode.window.showInformationMessage(msg);
  return { databases: report.databases };
}

async function pickParentPage(deps: CommandDeps, configured?: string): Promise<string | undefined> {
  type Pick = vscode.QuickPickItem & { id?: string; paste?: boolean };
  const qp = vscode.window.createQuickPick<Pick>();
  qp.title = 'Initialize Databases: the Notion page to create the databases under';
  qp.placeholder = 'Pick a page shared with your integration, or paste a page URL or id';
  qp.busy = true;
  qp.ignoreFocusOut = true;
  const paste: Pick = { label: '$(link) Paste a page URL or id…', paste: true, alwaysShow: true };
  qp.items = configured
    ? [{ label: '$(pinned) The configured parent page', description: configured, id: configured }, paste]
    : [paste];
  qp.show();
  void deps.model
    .engine('editor')
    .then((ctx) => searchParentPages(ctx))
    .then((pages) => {
      const found: Pick[] = pages.map((p) => ({
        label: `$(file) ${p.title}`,
        description: p.url,
        detail: p.lastEditedTime ? `edited ${p.lastEditedTime.slice(0, 16).replace('T', ' ')}` : undefined,
        id: p.id,
      }));
      qp.items = [
        ...qp.items.filter((i) => !i.paste),
        ...found,
        ...(found.length ? [{ label: '', kind: vscode.QuickPickItemKind.Separator } as Pick] : []),
        paste,
      ];
      if (found.length === 0)
        qp.placeholder =
          'No page is shared with your integration yet: share one in Notion (… → Connections), or paste its URL';
    })
    .catch((err: unknown) => {
      qp.placeholder = `Could not list pages (${err instanceof NotionError ? explain(err) : String(err)}); paste a page URL or id`;
    })
    .finally(() => (qp.busy = false));
  const picked = await new Promise<Pick | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  if (!picked) return undefined;
  if (!picked.paste) return picked.id;
  const text = await vscode.window.showInputBox({
    title: 'Initialize Databases',
    prompt: 'The URL or id of a Notion page shared with your integration',
    ignoreFocusOut: true,
    validateInput: (v) =>
      normalizeNotionId(v) ? undefined : 'Not a Notion page URL or id (32 hexadecimal characters).',
  });
  return text ? normalizeNotionId(text) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Sync

function pathOf(deps: CommandDeps, target: Target): string | undefined {
  if (typeof target === 'string') return target.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  if (target instanceof vscode.Uri)
    return target.scheme === 'file' ? deps.model.relativePath(target.fsPath) : undefined;
  if (target instanceof ItemNode || target instanceof FolderNode) return target.path;
  if (target instanceof TriggerFileNode) return target.path;
  if (target instanceof ChatNode) return target.session.exported ? target.path : undefined;
  return undefined;
}

function itemOf(
  deps: CommandDeps,
  arg?: Target,
): { path: string; url?: string; pageId?: string; state: string; local: boolean } | undefined {
  const target = arg ?? vscode.window.activeTextEditor?.document.uri;
  if (target instanceof ItemNode) return { ...target.status, local: !!target.status.local };
  if (target instanceof ChatNode) {
    const s = target.session;
    return { path: s.exportPath, url: s.url, pageId: s.pageId, state: target.state, local: s.exported };
  }
  if (!target) return undefined;
  const path = pathOf(deps, target);
  const status = path ? deps.model.item(path) : undefined;
  return status ? { ...status, local: !!status.local } : path ? { path, state: 'unknown', local: true } : undefined;
}

function fileUriOf(deps: CommandDeps, arg?: Target): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const path = arg ? pathOf(deps, arg) : undefined;
  const abs = path ? deps.model.absolutePath(path) : undefined;
  return abs ? vscode.Uri.file(abs) : undefined;
}

async function syncTargets(deps: CommandDeps, arg?: Target, args?: Target[]): Promise<SyncOutcome> {
  const { model } = deps;
  const list: Target[] = Array.isArray(args) && args.length > 0 ? args : arg !== undefined ? [arg] : [];
  if (list.length === 0) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && active.scheme === 'file') list.push(active);
    else return syncPaths(deps, undefined, { title: 'Syncing all pending items' });
  }
  const config = model.config ?? (await model.loadConfig());
  const paths: string[] = [];
  const outside: string[] = [];
  for (const t of list) {
    if (t instanceof CategoryNode) {
      paths.push(...model.items.filter((i) => i.category === t.name && i.local).map((i) => i.path));
      continue;
    }
    const p = pathOf(deps, t);
    if (p === undefined) {
      outside.push(t instanceof vscode.Uri ? t.fsPath : String(t));
      continue;
    }
    const abs = model.absolutePath(p);
    const isDir =
      p === '' ||
      (abs
        ? await fs.stat(abs).then(
            (s) => s.isDirectory(),
            () => false,
          )
        : false);
    if (isDir) {
      const inside = model.items.some((i) => i.local && (p === '' || i.path.startsWith(`${p}/`))) || !model.overview;
      if (inside) paths.push(p);
      else outside.push(p || '.');
    } else if (classifyPath(config, p)) {
      paths.push(p);
    } else {
      outside.push(p);
    }
  }
  if (outside.length) void explainOutside(config.categories, outside);
  if (paths.length === 0) return { outside };
  const title = paths.length === 1 ? `Syncing ${paths[0]!.split('/').pop()}` : `Syncing ${paths.length} items`;
  const outcome = await syncPaths(deps, paths.includes('') ? undefined : [...new Set(paths)], { title });
  return { ...outcome, outside };
}

async function explainOutside(categories: Record<string, { include: string[] }>, outside: string[]): Promise<void> {
  const what = outside.length === 1 ? `"${outside[0]}" is` : `${outside.length} of the selected files are`;
  const cats = Object.entries(categories)
    .filter(([, c]) => c.include.length)
    .map(([name, c]) => `${categoryTitle(name)} (${c.include.join(', ')})`)
    .join('; ');
  const choice = await vscode.window.showWarningMessage(
    `${what} not in any Notion Sync category, so nothing was sent. Categories: ${cats}. To sync it, add a pattern to that category's "include" in ${CONFIG_FILE_NAME}.`,
    `Open ${CONFIG_FILE_NAME}`,
  );
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (choice && root) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, CONFIG_FILE_NAME));
}

/** Runs one sync through the engine, with a cancellable notification, then reads the state again. */
export async function syncPaths(
  deps: CommandDeps,
  paths: string[] | undefined,
  options: { title: string; force?: boolean; quiet?: boolean; trigger?: 'editor' | 'auto' },
): Promise<SyncOutcome> {
  const { model, log } = deps;
  const location = options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  let outcome: SyncOutcome = { outside: [] };
  await deps.setContext(ContextKeys.busy, true);
  try {
    outcome = await vscode.window.withProgress(
      { location, title: `Notion Sync: ${options.title}`, cancellable: !options.quiet },
      (progress, cancel) =>
        model.exclusive(async (): Promise<SyncOutcome> => {
          const abort = new AbortController();
          const sub = cancel.onCancellationRequested(() => abort.abort());
          let last = 0;
          model.setBusy({ title: 'syncing' });
          try {
            const ctx = await model.engine(options.trigger ?? 'editor', {
              signal: abort.signal,
              command: `Notion Sync: ${options.force ? 'Overwrite Notion' : 'Sync to Notion'}${paths ? ` ${paths.join(' ')}` : ''}`,
              onProgress: (e) => {
                const pct = e.total ? Math.round(((e.done ?? 0) / e.total) * 100) : undefined;
                progress.report({
                  message:
                    e.phase === 'write' && e.total
                      ? `${e.message} (${(e.done ?? 0) + 1 > e.total ? e.total : (e.done ?? 0) + 1}/${e.total})`
                      : e.message,
                  increment: pct !== undefined ? Math.max(0, pct - last) : undefined,
                });
                if (pct !== undefined) last = pct;
                model.setBusy({ title: 'syncing', message: e.message, done: e.done, total: e.total });
              },
            });
            const report = await runSync(ctx, { paths, force: options.force });
            log.info(
              `Sync${paths ? ` ${paths.join(', ')}` : ''}: created ${report.created}, updated ${report.updated}, moved ${report.moved}, unchanged ${report.unchanged}, conflicts ${report.conflicts}, failed ${report.failed}, ${report.apiCalls} API calls${report.cancelled ? ' (cancelled)' : ''}`,
            );
            for (const f of report.failures) log.error(`${f.path}: ${f.reason}`);
            for (const s of report.secrets)
              log.warn(
                `${s.path}: ${s.count} secret(s) (${s.kinds.join(', ')}) replaced by [REDACTED:…] before sending`,
              );
            return { report, outside: [], cancelled: report.cancelled };
          } catch (err) {
            if (err instanceof NotionError && err.kind === 'cancelled') return { outside: [], cancelled: true };
            throw err;
          } finally {
            sub.dispose();
            model.setBusy(undefined);
          }
        }),
    );
  } catch (err) {
    const p = errorProblem(err);
    log.error(`Sync failed: ${p.message} ${p.fix ?? ''}`);
    const action =
      err instanceof EngineSetupError
        ? err.problem.reason === 'not-configured'
          ? 'Initialize Databases'
          : err.auth || err.problem.reason === 'no-token'
            ? 'Connect to Notion'
            : undefined
        : undefined;
    void vscode.window
      .showErrorMessage(`Notion Sync: ${p.message}${p.fix ? ` ${p.fix}` : ''}`, ...(action ? [action] : []), 'Show Log')
      .then((c) => {
        if (c === 'Connect to Notion') void vscode.commands.executeCommand(Commands.connect);
        else if (c === 'Initialize Databases') void vscode.commands.executeCommand(Commands.initDatabases);
        else if (c) log.show();
      });
    outcome = { outside: [], error: p.message };
  } finally {
    await deps.setContext(ContextKeys.busy, false);
  }
  await model.refresh();
  if (outcome.report && !options.quiet) void summarize(deps, outcome.report);
  return outcome;
}

async function summarize(deps: CommandDeps, r: SyncReport): Promise<void> {
  const parts = [`${r.created} created`, `${r.updated + r.moved} updated`, `${r.unchanged} unchanged`];
  if (r.cancelled) parts.push('cancelled');
  const summary = `Notion Sync: ${parts.join(', ')}.`;
  if (r.conflicts > 0) {
    const first = r.conflictPaths[0]!;
    const c = await vscode.window.showWarningMessage(
      `${summary} ${r.conflicts} item${r.conflicts === 1 ? ' was' : 's were'} edited in Notion since the last sync and ${r.conflicts === 1 ? 'was' : 'were'} not overwritten${r.conflicts === 1 ? ` (${first})` : ''}.`,
      'Compare with Notion',
      'Show in View',
    );
    if (c === 'Compare with Notion') await vscode.commands.executeCommand(Commands.compare, first);
    else if (c === 'Show in View') await setFilter(deps, true);
  } else if (r.failed > 0) {
    const c = await vscode.window.showErrorMessage(
      `${summary} ${r.failed} failed: ${r.failures.map((f) => `${f.path} (${f.reason})`).join('; ')}`,
      'Show Log',
    );
    if (c) deps.log.show();
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${summary}`, 5000);
  }
}

async function overwrite(deps: CommandDeps, arg?: Target): Promise<SyncOutcome | undefined> {
  const item = itemOf(deps, arg);
  if (!item || item.state !== 'conflict') {
    void vscode.window.showInformationMessage(`${item?.path ?? 'This item'} is not in conflict: use "Sync to Notion".`);
    return undefined;
  }
  const status = deps.model.item(item.path);
  const when = status?.row?.lastEditedTime ? new Date(status.row.lastEditedTime).toLocaleString() : 'recently';
  const choice = await vscode.window.showWarningMessage(
    `Overwrite the Notion page of ${item.path}?`,
    {
      modal: true,
      detail: `The page was edited in Notion (${when}) after the last sync. Overwriting replaces those edits with the local file. Compare first to see what would be lost.`,
    },
    'Overwrite',
    'Compare First',
  );
  if (choice === 'Compare First') {
    await compare(deps, item.path);
    return undefined;
  }
  if (choice !== 'Overwrite') return undefined;
  return syncPaths(deps, [item.path], { title: `Overwriting ${item.path.split('/').pop()}`, force: true });
}

async function compare(deps: CommandDeps, arg?: Target): Promise<void> {
  const item = itemOf(deps, arg);
  if (!item?.pageId) {
    void vscode.window.showInformationMessage(
      `${item?.path ?? 'This file'} has no Notion page to compare with: sync it first.`,
    );
    return;
  }
  if (!item.local) {
    void vscode.window.showInformationMessage(`${item.path} no longer exists locally.`);
    return;
  }
  const { notion, local } = compareUris(item.path, item.pageId);
  const name = item.path.split('/').pop();
  await vscode.commands.executeCommand('vscode.diff', notion, local, `${name}: Notion ↔ Local`, { preview: true });
}

async function setFilter(deps: CommandDeps, on: boolean): Promise<void> {
  deps.tree.attentionOnly = on;
  deps.treeView.description = on ? 'needs attention' : undefined;
  await deps.setContext(ContextKeys.filtered, on);
  deps.tree.rebuild();
}

// ---------------------------------------------------------------------------------------------
// Audit, chats, scripts, status menu

/**
 * The sessions a capture was invoked on: a session id or ids (palette, tests), a chat node, or the
 * view's selection `(node, nodes[])`. Undefined: ask with the quick pick.
 */
function sessionIdsOf(arg: unknown, args: unknown): string[] | undefined {
  const list =
    Array.isArray(args) && args.length
      ? args
      : Array.isArray(arg)
        ? arg
        : arg !== undefined && arg !== null
          ? [arg]
          : [];
  const ids = list.flatMap((a: unknown) =>
    typeof a === 'string' && a ? [a] : a instanceof ChatNode ? [a.session.id] : [],
  );
  return ids.length ? [...new Set(ids)] : undefined;
}

async function audit(deps: CommandDeps): Promise<vscode.Uri | undefined> {
  const { model, context, log } = deps;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Notion Sync: running the full audit', cancellable: true },
    (progress, cancel) =>
      model.exclusive(async () => {
        const abort = new AbortController();
        cancel.onCancellationRequested(() => abort.abort());
        const ctx = await model.engine('editor', {
          signal: abort.signal,
          command: 'Notion Sync: Run Full Audit',
          onProgress: (e) => progress.report({ message: e.message }),
        });
        const census = chatCensus({
          workspaceFolder: ctx.config.root,
          editorUserDirs: [model.editorUserDir],
          tools: ctx.config.categories.agentChats?.capture,
          signal: abort.signal,
        });
        const report = await runAudit(ctx, { chatCensus: census });
        return { report, root: ctx.config.root };
      }),
  );
  const markdown = auditMarkdown(result.report);
  const stamp = result.report.generatedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file =
    getSetting('saveAuditToReports') && vscode.workspace.isTrusted
      ? join(result.root, 'reports', `notion-sync-audit-${stamp}.md`)
      : join(context.globalStorageUri.fsPath, 'audit', 'notion-sync-audit.md');
  await fs.mkdir(dirname(file), { recursive: true });
  await fs.writeFile(file, markdown);
  log.info(
    `Audit: ${result.report.remediation.length} finding(s), ${result.report.apiCalls} API call(s); report written to ${file}`,
  );
  const uri = vscode.Uri.file(file);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  offerFixes(result.report.remediation);
  return uri;
}

/**
 * The markdown preview cannot run command links, so the fixes the editor can do itself are
 * offered next to it: a notification whose "Fix…" button lists them in a quick pick.
 */
function offerFixes(remediation: Remediation[]): void {
  const fixable = remediation.filter((r) => r.editorCommand);
  const summary =
    remediation.length === 0
      ? 'Audit: no gaps, everything is in sync.'
      : `Audit: ${remediation.length} finding${remediation.length === 1 ? '' : 's'}.`;
  if (fixable.length === 0) {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  void vscode.window.showInformationMessage(summary, 'Fix…').then(async (choice) => {
    if (choice !== 'Fix…') return;
    type Pick = vscode.QuickPickItem & { command: string };
    const pick = await vscode.window.showQuickPick<Pick>(
      fixable.map((r) => ({
        label: `[${r.severity}] ${r.title}`,
        detail: r.command ? `CLI: ${r.command}` : r.detail,
        command: r.editorCommand!,
      })),
      { title: 'Notion Sync: fix a finding of the audit', placeHolder: 'Most urgent first' },
    );
    if (pick) await vscode.commands.executeCommand(pick.command);
  });
}

async function capture(deps: CommandDeps, given?: string[]): Promise<unknown> {
  const { model, log } = deps;
  let sessionIds = given;
  if (!sessionIds) {
    const list = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Notion Sync: looking for agent chats' },
      () =>
        model.exclusive(async () => listChats(await model.engine('editor'), { editorUserDirs: [model.editorUserDir] })),
    );
    for (const w of list.warnings) log.warn(`${w.file}: ${w.message}`);
    if (list.sessions.length === 0) {
      void vscode.window.showInformationMessage(
        'No agent chat session of this workspace was found (Claude Code, Cursor, Copilot, Codex, Cline, Roo Code, Kilo Code).',
      );
      return undefined;
    }
    type Pick = vscode.QuickPickItem & { id: string };
    const detail: Record<string, (s: (typeof list.sessions)[number]) => string> = {
      new: () => '$(circle-filled) not captured yet',
      grown: (s) =>
        `$(diff-added) captured; ${s.messages - (s.capturedMessages ?? 0)} new message${s.messages - (s.capturedMessages ?? 0) === 1 ? '' : 's'} since`,
      captured: () => '$(check) captured, up to date',
    };
    const picks = await vscode.window.showQuickPick<Pick>(
      list.sessions.map((s) => {
        const state = chatState(s);
        return {
          id: s.id,
          label: s.title || s.id,
          description: `${s.tool} · ${s.messages} messages · ${s.updatedAt.slice(0, 16).replace('T', ' ')}`,
          detail: detail[state]!(s),
          picked: state !== 'captured',
        };
      }),
      {
        canPickMany: true,
        title: 'Capture Agent Chats',
        placeHolder: 'Sessions to write under agent-chats/ and push to Notion (new and grown ones are selected)',
        ignoreFocusOut: true,
        matchOnDescription: true,
      },
    );
    if (!picks || picks.length === 0) return undefined;
    sessionIds = picks.map((p) => p.id);
  }
  const ids = sessionIds;
  await deps.setContext(ContextKeys.busy, true);
  let report: Awaited<ReturnType<typeof captureChats>>;
  let cancelled = false;
  try {
    report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Notion Sync: capturing ${ids.length === 1 ? 'an agent chat' : `${ids.length} agent chats`}`,
        cancellable: true,
      },
      (progress, cancel) =>
        model.exclusive(async () => {
          const abort = new AbortController();
          const sub = cancel.onCancellationRequested(() => {
            cancelled = true;
            abort.abort();
          });
          let last = 0;
          model.setBusy({ title: 'capturing chats' });
          try {
            const ctx = await model.engine('editor', {
              signal: abort.signal,
              command: 'Notion Sync: Capture Agent Chats',
              onProgress: (e) => {
                const pct = e.total ? Math.round(((e.done ?? 0) / e.total) * 100) : undefined;
                progress.report({
                  message: e.total ? `${e.message} (${Math.min((e.done ?? 0) + 1, e.total)}/${e.total})` : e.message,
                  increment: pct !== undefined ? Math.max(0, pct - last) : undefined,
                });
                if (pct !== undefined) last = pct;
              },
            });
            return await captureChats(ctx, { sessionIds: ids, editorUserDirs: [model.editorUserDir] });
          } finally {
            sub.dispose();
            model.setBusy(undefined);
          }
        }),
    );
  } finally {
    await deps.setContext(ContextKeys.busy, false);
  }
  log.info(
    `Capture: captured ${report.captured}, updated ${report.updated}, unchanged ${report.unchanged}, exported ${report.exported}, conflicts ${report.conflicts}, failed ${report.failed}${cancelled ? ' (cancelled)' : ''}`,
  );
  for (const s of report.sessions) if (s.error) log.error(`Capture ${s.tool} ${s.id}: ${s.error}`);
  for (const w of report.warnings) log.warn(`${w.file}: ${w.message}`);
  if (report.notion.problem && report.notion.problem.reason !== 'no-token')
    log.warn(`Capture: ${report.notion.problem.message} ${report.notion.problem.fix}`);
  await model.refresh();
  const parts = [`${report.captured} captured`, `${report.updated} updated`, `${report.unchanged} unchanged`];
  if (report.conflicts) parts.push(`${report.conflicts} edited in Notion (not overwritten)`);
  if (report.failed) parts.push(`${report.failed} failed`);
  if (cancelled) parts.push('cancelled');
  const msg = `Agent chats: ${parts.join(', ')}.${report.notion.written ? '' : ' Exported to agent-chats/ only: Notion could not be written.'}`;
  if (report.failed) void vscode.window.showErrorMessage(msg, 'Show Log').then((c) => c && log.show());
  else if (!report.notion.written) void vscode.window.showWarningMessage(msg, 'Show Log').then((c) => c && log.show());
  else void vscode.window.showInformationMessage(msg);
  return { ...report, cancelled };
}

async function runScript(deps: CommandDeps, arg?: Target, given?: string): Promise<unknown> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Scripts are not run in an untrusted workspace. Trust the workspace first (Manage Workspace Trust).',
    );
    return undefined;
  }
  const item = itemOf(deps, arg);
  if (!item?.local) {
    void vscode.window.showInformationMessage(
      'Pick a script in the Notion Sync view, or open one, to run it with an execution log.',
    );
    return undefined;
  }
  const command =
    given ??
    (await vscode.window.showInputBox({
      title: `Run ${item.path} with an execution log`,
      prompt:
        'The command to run (in the workspace folder). Its exit code, duration and output tail go to the Execution Logs database.',
      value: suggestCommand(item.path),
      ignoreFocusOut: true,
    }));
  if (!command?.trim()) return undefined;
  return runScriptInTerminal(deps.model, deps.log, item.path, command.trim());
}

async function statusMenu(deps: CommandDeps): Promise<void> {
  const { model } = deps;
  type Pick = vscode.QuickPickItem & { command?: string };
  const pending = model.items.filter((i) => i.state === 'new' || i.state === 'modified').length;
  const conflicts = model.items.filter((i) => i.state === 'conflict').length;
  const items: Pick[] = [];
  if (model.viewState === 'notConnected')
    items.push({ label: '$(plug) Connect to Notion…', command: Commands.connect });
  if (model.viewState === 'noDatabases')
    items.push({ label: '$(database) Initialize Databases…', command: Commands.initDatabases });
  if (pending) items.push({ label: `$(cloud-upload) Sync All Pending (${pending})`, command: Commands.syncAll });
  if (conflicts)
    items.push({
      label: `$(warning) Show the ${conflicts} Conflict${conflicts === 1 ? '' : 's'}`,
      command: Commands.filterAttention,
    });
  items.push(
    { label: '$(checklist) Run Full Audit', command: Commands.audit },
    { label: '$(list-tree) Open the Notion Sync View', command: Commands.openView },
    { label: '$(refresh) Refresh', command: Commands.refresh },
    { label: '$(comment-discussion) Capture Agent Chats…', command: Commands.captureChats },
  );
  if (model.viewState !== 'notConnected')
    items.push({
      label: '$(debug-disconnect) Disconnect from Notion',
      command: Commands.disconnect,
      description: model.notionWorkspace,
    });
  items.push({ label: '$(output) Show Log', command: Commands.showLog });
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Notion Sync',
    placeHolder: model.notionWorkspace ? `Connected to ${model.notionWorkspace}` : undefined,
  });
  if (pick?.command) await vscode.commands.executeCommand(pick.command);
}
