import * as vscode from 'vscode';
import { attentionTotal } from '../attention';
import { Commands } from '../ids';
import type { CommandDeps } from './deps';

/** The status bar item's menu: what can be done now, most useful first. */
export async function statusMenu(deps: CommandDeps): Promise<void> {
  const { model } = deps;
  type Pick = vscode.QuickPickItem & { command?: string };
  const { toSync: pending, conflicts, remoteModified } = model.counts;
  const items: Pick[] = [];
  if (model.viewState === 'notConnected')
    items.push({ label: '$(plug) Connect to Notion…', command: Commands.connect });
  if (model.viewState === 'noDatabases')
    items.push({ label: '$(database) Initialize Databases…', command: Commands.initDatabases });
  const attention = attentionTotal(model.counts);
  if (attention) items.push({ label: `$(wrench) Fix… (${attention})`, command: Commands.fix });
  if (remoteModified + conflicts)
    items.push({
      label: `$(cloud-download) Pull All Changes from Notion (${remoteModified + conflicts})`,
      command: Commands.pullAll,
    });
  if (pending) items.push({ label: `$(cloud-upload) Sync All Pending Items (${pending})`, command: Commands.syncAll });
  if (conflicts)
    items.push({
      label: `$(warning) Show the ${conflicts} Conflict${conflicts === 1 ? '' : 's'}`,
      command: Commands.filterAttention,
    });
  items.push(
    { label: '$(checklist) Run Full Audit', command: Commands.audit },
    { label: '$(list-tree) Open Notion Sync View', command: Commands.openView },
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
