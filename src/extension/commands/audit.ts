import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { auditMarkdown, chatCensus, runAudit } from '../../core/audit';
import type { Remediation } from '../../core/audit';
import { getSetting } from '../settings';
import type { CommandDeps } from './deps';
import { runTask } from './task';

/** Runs the full audit, writes its markdown report and opens the preview, then offers the fixes. */
export async function audit(deps: CommandDeps): Promise<vscode.Uri | undefined> {
  const { model, context, log } = deps;
  const result = await runTask(
    deps,
    { title: 'Notion Sync: running the full audit', cancellable: true, command: 'Notion Sync: Run Full Audit' },
    async (ctx) => {
      const census = chatCensus({
        workspaceFolder: ctx.config.root,
        editorUserDirs: [model.editorUserDir],
        tools: ctx.config.categories.agentChats?.capture,
        signal: ctx.signal,
      });
      const report = await runAudit(ctx, { chatCensus: census });
      return { report, root: ctx.config.root };
    },
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
