import * as vscode from 'vscode';
import type { ListedChat } from '../../core/sync';
import { TOOL_LABELS } from '../../core/chats';
import { captureChats, listChats } from '../../core/sync';
import type { FirstPushPreview } from '../../core/sync/capture-preview';
import { firstPushLines } from '../../core/sync/capture-preview';
import { chatState } from '../tree/chat-node';
import type { CommandDeps } from './deps';
import { runTask } from './task';

/** Captures agent chat sessions (given, or picked from this workspace's sessions): exports them and pushes them to Notion. */
export async function capture(deps: CommandDeps, given?: string[]): Promise<unknown> {
  const { model, log } = deps;
  const ids = given ?? (await pickSessions(deps));
  if (!ids) return undefined;
  const { report, cancelled } = await runTask(
    deps,
    {
      title: `Notion Sync: capturing ${ids.length === 1 ? 'an agent chat' : `${ids.length} agent chats`}`,
      cancellable: true,
      busy: 'capturing chats',
      command: 'Notion Sync: Capture Agent Chats',
    },
    async (ctx) => {
      const report = await captureChats(ctx, {
        sessionIds: ids,
        editorUserDirs: [model.editorUserDir],
        confirmFirstPush,
      });
      return { report, cancelled: !!ctx.signal?.aborted };
    },
  );
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
  if (report.held) parts.push(`${report.held} not sent (first push cancelled)`);
  if (report.failed) parts.push(`${report.failed} failed`);
  if (cancelled) parts.push('cancelled');
  const msg = `Agent chats: ${parts.join(', ')}.${report.notion.written ? '' : ' Exported to agent-chats/ only: Notion could not be written.'}`;
  if (report.failed) void vscode.window.showErrorMessage(msg, 'Show Log').then((c) => c && log.show());
  else if (!report.notion.written) void vscode.window.showWarningMessage(msg, 'Show Log').then((c) => c && log.show());
  else void vscode.window.showInformationMessage(msg);
  return { ...report, cancelled };
}

/**
 * Before the first push of a tool to Notion for this workspace: a modal with what it sends (sessions, messages,
 * redactions by kind) and Capture / Cancel. Cancel holds those sessions back; nothing of them is written.
 */
async function confirmFirstPush(preview: FirstPushPreview): Promise<boolean> {
  const names = preview.tools.map((t) => TOOL_LABELS[t.tool] ?? t.tool).join(', ');
  const choice = await vscode.window.showWarningMessage(
    `First capture of ${names} chats to Notion: check what will be sent.`,
    {
      modal: true,
      detail: `${firstPushLines(preview).join('\n')}\n\nSecrets are replaced by [REDACTED:kind] before anything leaves this machine. Keep a session out with "captureExclude" or a [no-capture] marker in a prompt.`,
    },
    'Capture',
  );
  return choice === 'Capture';
}

/** The sessions of this workspace in a multi-select quick pick, new and grown ones selected. */
async function pickSessions(deps: CommandDeps): Promise<string[] | undefined> {
  const { model, log } = deps;
  const list = await runTask(deps, { title: 'Notion Sync: looking for agent chats' }, (ctx) =>
    listChats(ctx, { editorUserDirs: [model.editorUserDir] }),
  );
  for (const w of list.warnings) log.warn(`${w.file}: ${w.message}`);
  if (list.sessions.length === 0) {
    void vscode.window.showInformationMessage(
      `No agent chat session of this workspace was found (${Object.values(TOOL_LABELS).join(', ')}).`,
    );
    return undefined;
  }
  type Pick = vscode.QuickPickItem & { id: string };
  const detail: Record<string, (s: ListedChat) => string> = {
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
        description: `${TOOL_LABELS[s.tool] ?? s.tool} · ${s.messages} messages · ${s.updatedAt.slice(0, 16).replace('T', ' ')}`,
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
  return picks.map((p) => p.id);
}
