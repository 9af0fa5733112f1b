import * as vscode from 'vscode';
import type { CommandId } from '../ids';
import { Commands, ViewIds } from '../ids';
import { actionsFor, showProblem } from '../messages';
import { errorProblem } from '../model';
import { adopt } from './adopt';
import { audit } from './audit';
import { capture } from './chats';
import { connect, disconnect, initialize } from './connect';
import type { CommandDeps, Target } from './deps';
import { fix } from './fix';
import { removeOrphanRows, restoreOrphans } from './orphans';
import { statusMenu } from './menus';
import { compare, openFile, openInNotion, revealInExplorer, setFilter } from './navigate';
import { runScript } from './scripts';
import { pullAll, pullTargets } from './pull';
import { resolveConflict, takeNotion } from './resolve';
import { overwrite, syncPaths, syncTargets } from './sync';
import { sessionIdsOf } from './targets';

export type { CommandDeps } from './deps';
export { syncPaths };

/**
 * Registers every contributed command (one handler per id of `Commands`); an error becomes one message
 * with "Show Log". `register` is where: the extension's shell (shell.ts) registered the ids at activation.
 */
export function registerCommands(
  deps: CommandDeps,
  register: (id: string, handler: (...args: unknown[]) => unknown) => vscode.Disposable = (id, handler) =>
    vscode.commands.registerCommand(id, handler),
): vscode.Disposable[] {
  const { model, log } = deps;
  const handlers: Record<CommandId, (...args: never[]) => unknown> = {
    [Commands.connect]: (token?: string) => connect(deps, typeof token === 'string' ? token : undefined),
    [Commands.disconnect]: () => disconnect(deps),
    [Commands.initDatabases]: (parent?: string) => initialize(deps, typeof parent === 'string' ? parent : undefined),
    [Commands.refresh]: () => model.refresh(),
    [Commands.syncAll]: () => syncPaths(deps, undefined, { title: 'Syncing all pending items' }),
    [Commands.sync]: (arg?: Target, args?: Target[]) => syncTargets(deps, arg, args),
    [Commands.overwrite]: (arg?: Target) => overwrite(deps, arg),
    [Commands.pull]: (arg?: Target, args?: Target[]) => pullTargets(deps, arg, args),
    [Commands.pullAll]: () => pullAll(deps),
    [Commands.takeNotion]: (arg?: Target) => takeNotion(deps, arg),
    [Commands.resolve]: (arg?: Target) => resolveConflict(deps, arg),
    [Commands.openInNotion]: (arg?: Target) => openInNotion(deps, arg),
    [Commands.compare]: (arg?: Target) => compare(deps, arg),
    [Commands.revealInExplorer]: (arg?: Target) => revealInExplorer(deps, arg),
    [Commands.openFile]: (arg?: Target, options?: unknown) => openFile(deps, arg, options),
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
    [Commands.fix]: (id?: string) => fix(deps, typeof id === 'string' ? id : undefined),
    [Commands.restoreFile]: (arg?: Target, args?: Target[]) => restoreOrphans(deps, arg, args),
    [Commands.removeFromNotion]: (arg?: Target, args?: Target[]) => removeOrphanRows(deps, arg, args),
    [Commands.adopt]: (category?: string) => adopt(deps, typeof category === 'string' ? category : undefined),
  };
  return Object.entries(handlers).map(([id, fn]) =>
    register(id, async (...args: unknown[]) => {
      try {
        // Multi-root: a command given a file of another configured folder acts in that folder (folders.ts).
        if (args[0] instanceof vscode.Uri) await deps.folders?.follow(args[0]);
        return await (fn as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        log.error(`${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        void showProblem(errorProblem(err), actionsFor(err), () => vscode.commands.executeCommand(id, ...args));
        return undefined;
      }
    }),
  );
}
