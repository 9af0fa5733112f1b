import * as vscode from 'vscode';
import { runScriptInTerminal, suggestCommand } from '../run-script';
import type { CommandDeps, Target } from './deps';
import { itemOf } from './targets';

/** Runs a script (asking for its command line unless given) in a terminal, with an execution log. */
export async function runScript(deps: CommandDeps, arg?: Target, given?: string): Promise<unknown> {
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
