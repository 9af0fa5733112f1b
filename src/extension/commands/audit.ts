import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport } from '../../core/audit';
import { auditMarkdown, chatCensus, runAudit } from '../../core/audit';
import type { AttentionCounts } from '../attention';
import { countAudit, describeAttention } from '../attention';
import { Commands } from '../ids';
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
  const uri = await showAuditReport(context, result.report, result.root);
  log.info(
    `Audit: ${result.report.remediation.length} finding(s), ${result.report.apiCalls} API call(s); report written to ${uri.fsPath}`,
  );
  // The summary counts what the status bar and the view's badge count (attention.ts).
  const counts = countAudit(result.report, new Set(model.sessions.map((s) => s.exportPath)));
  lastAuditCounts = counts;
  const parts = describeAttention(counts);
  const summary = parts.length
    ? `Audit: ${parts.join(' · ')} (${result.report.remediation.length} finding${result.report.remediation.length === 1 ? '' : 's'} in the report).`
    : `Audit: ${result.report.remediation.length ? `${result.report.remediation.length} finding(s) in the report.` : 'no gaps, everything is in sync.'}`;
  // "Fix…" stays in the view's title bar and the status menu after this notification is gone.
  void vscode.window.showInformationMessage(summary, 'Fix…').then((choice) => {
    if (choice) void vscode.commands.executeCommand(Commands.fix);
  });
  return uri;
}

/**
 * Writes an audit's markdown report (into `reports/` with `notionSync.saveAuditToReports` in a trusted
 * workspace, else the extension's storage) and opens its preview. Also "Show Audit" of the periodic audit.
 */
export async function showAuditReport(
  context: vscode.ExtensionContext,
  report: AuditReport,
  root: string,
): Promise<vscode.Uri> {
  const stamp = report.generatedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file =
    getSetting('saveAuditToReports') && vscode.workspace.isTrusted
      ? join(root, 'reports', `notion-sync-audit-${stamp}.md`)
      : join(context.globalStorageUri.fsPath, 'audit', 'notion-sync-audit.md');
  await fs.mkdir(dirname(file), { recursive: true });
  await fs.writeFile(file, auditMarkdown(report));
  const uri = vscode.Uri.file(file);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

let lastAuditCounts: AttentionCounts | undefined;

/** The counts of the last audit run in this editor (tests compare them with the status bar's). */
export function auditCounts(): AttentionCounts | undefined {
  return lastAuditCounts;
}
