import { promises as fs } from 'node:fs';
import { dirname, resolve as resolvePath, join } from 'node:path';
import {
  defaultStateDir,
  getStatus,
  initDatabases,
  prune,
  runPull,
  runSync,
  TRIGGER_FILES_CATEGORY,
} from '../core/sync';
import { auditAlerts, auditJson, auditMarkdown, chatCensus, hasGaps, runAudit } from '../core/audit';
import type { NotionProblem } from '../core/sync';
import { normalizeNotionId } from '../core/config';
import { CATEGORY_OPTION, categoryOption, relPaths } from './args';
import { CHAT_COMMANDS, runCommand, sandboxCommand } from './chat-commands';
import { adoptCommand } from './adopt-command';
import { outageOf } from './errors';
import { itemJson, pullJson, renderPull, renderStatus, renderSync, syncJson } from './render';
import type { Command } from './types';
import { ExitCode, UsageError } from './types';

/** Two-word commands: the group and its subcommands. */
export const GROUPS: Record<string, string[]> = { chats: ['list', 'capture'] };

const init: Command = {
  name: 'init',
  summary:
    'create the Plans, Reports, Scripts, Agent Chats and Execution Logs databases (or complete the configured ones)',
  usage: 'init [--parent-page ID|URL] [--trigger-files]',
  options: {
    'parent-page': {
      type: 'string',
      arg: 'ID|URL',
      description:
        'the Notion page (shared with your integration) to create missing databases under; recorded as parentPageId',
    },
    'trigger-files': {
      type: 'boolean',
      description:
        'also create (or complete) the optional Trigger Files database; recorded as triggerFiles.databaseId (a configured one is always checked)',
    },
  },
  details:
    'The ids of the databases are written into .notion-sync.json. Running init again never creates a second one.',
  async run(ctx) {
    const config = await ctx.loadConfig();
    const raw = ctx.values['parent-page'];
    let parentPageId: string | undefined;
    if (typeof raw === 'string') {
      parentPageId = normalizeNotionId(raw);
      if (!parentPageId) throw new UsageError(`--parent-page "${raw}" is not a Notion page id or URL.`);
    }
    const triggerFiles = !!ctx.values['trigger-files'];
    const missing = [
      ...Object.values(config.categories).map((c) => c.databaseId),
      config.executionLogs.databaseId,
      ...(triggerFiles ? [config.triggerFiles.databaseId] : []),
    ].some((id) => !id);
    if (missing && !parentPageId && !config.parentPageId) {
      throw new UsageError(
        'Some databases do not exist yet: give the page to create them under with --parent-page (a page shared with your integration).',
      );
    }
    const report = await initDatabases(ctx.engine(config), { parentPageId, triggerFiles });
    if (ctx.out.json) {
      ctx.out.resultJson({
        databases: report.databases,
        created: report.created,
        added: report.added,
        unresolved: report.unresolved,
        configFile: report.configFile,
        apiCalls: report.apiCalls,
      });
    } else {
      const lines = Object.entries(report.databases).map(([key, id]) => {
        const what = report.created.includes(key)
          ? 'created'
          : report.added[key]
            ? `added ${report.added[key]!.join(', ')}`
            : 'ok';
        return `  ${key.padEnd(14)} ${id}  ${what}${report.urls[key] ? `  ${report.urls[key]}` : ''}`;
      });
      ctx.out.result(`Databases (recorded in ${report.configFile}):\n${lines.join('\n')}`);
    }
    for (const p of report.unresolved)
      ctx.out.warn(
        `${p.database}: property "${p.property}"${p.mapped ? ` (mapped from ${p.ours})` : ''} ${p.problem === 'missing' ? 'is missing' : `is ${p.actual} but must be ${p.expected}`}. ${p.fix}`,
      );
    return report.unresolved.length > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

const status: Command = {
  name: 'status',
  summary: 'the state of every item (synced, modified, remote-modified, new, conflict, orphaned, skipped, error)',
  usage: 'status [PATH…] [--category C]',
  options: { category: CATEGORY_OPTION },
  details: 'PATH… are files or folders relative to the workspace. Reads only: nothing is written to Notion.',
  async run(ctx) {
    const config = await ctx.loadConfig();
    const category = categoryOption(ctx, config);
    const report = await getStatus(ctx.engine(config), { paths: relPaths(ctx), category });
    const outage = outageOf(report.notion.problem);
    if (ctx.out.json) {
      ctx.out.resultJson({
        workspace: report.workspace,
        notion: {
          configured: report.notion.configured,
          reachable: report.notion.reachable,
          problem: report.notion.problem,
        },
        items: report.items.map(itemJson),
        counts: report.counts,
        apiCalls: report.apiCalls,
        ...(outage.error ? { error: outage.error } : {}),
      });
    } else {
      ctx.out.result(renderStatus(report.items, report.notion.problem, report.counts));
    }
    if (outage.exit !== undefined) return outage.exit;
    return report.items.some((i) => i.state === 'error') ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

const sync: Command = {
  name: 'sync',
  summary:
    'push new and changed items to Notion (never duplicates, never overwrites edits made in Notion without --force)',
  usage: 'sync [PATH…] [--category C] [--dry-run|--validate-only] [--force] [--two-way]',
  options: {
    category: {
      ...CATEGORY_OPTION,
      description: `${CATEGORY_OPTION.description}; "${TRIGGER_FILES_CATEGORY}" syncs only the Trigger Files database`,
    },
    'dry-run': {
      type: 'boolean',
      description: 'make no write request at all; print the plan (each item, its action and estimated requests)',
    },
    'validate-only': { type: 'boolean', description: 'the same as --dry-run (the name some CI tools use)' },
    force: {
      type: 'boolean',
      description: 'overwrite pages that were edited in Notion since the last sync (conflicts)',
    },
    'two-way': {
      type: 'boolean',
      description:
        'pull the edits made in Notion into the files first (as "pull"), then push ("twoWay": true in .notion-sync.json)',
    },
  },
  details:
    'PATH… are files or folders relative to the workspace (default: every item). Without --two-way (or "twoWay": true) sync only pushes; with --force nothing is pulled (the edits made in Notion are overwritten). ' +
    'With triggerFiles.databaseId set, a sync without PATH… and --category also brings the Trigger Files database in step ("triggerFiles" in --json).',
  async run(ctx) {
    const config = await ctx.loadConfig();
    const triggerOnly = ctx.values.category === TRIGGER_FILES_CATEGORY && !config.categories[TRIGGER_FILES_CATEGORY];
    if (triggerOnly && !config.triggerFiles.databaseId)
      throw new UsageError(
        'No Trigger Files database is configured (triggerFiles.databaseId).',
        'Run "notion-sync init --trigger-files" to create it.',
      );
    if (triggerOnly && ctx.positionals.length > 0)
      throw new UsageError(`--category ${TRIGGER_FILES_CATEGORY} takes no PATH…: it always covers every trigger file.`);
    const category = triggerOnly ? TRIGGER_FILES_CATEGORY : categoryOption(ctx, config);
    const dryRun = !!ctx.values['dry-run'] || !!ctx.values['validate-only'];
    const twoWay = !!ctx.values['two-way'] || config.twoWay === true;
    const report = await runSync(ctx.engine(config), {
      paths: relPaths(ctx),
      category,
      dryRun,
      force: !!ctx.values.force,
      twoWay,
    });
    const pulled = report.pull;
    if (ctx.out.json)
      ctx.out.resultJson({
        ...syncJson(report),
        ...(twoWay ? { pulled: pulled?.pulled ?? 0, merged: pulled?.merged ?? 0 } : {}),
        ...(pulled ? { pull: pullJson(pulled) } : {}),
      });
    else ctx.out.result(pulled ? `pull: ${renderPull(pulled)}\npush: ${renderSync(report)}` : renderSync(report));
    if (report.cancelled) return ctx.interrupted() ? ExitCode.interrupted : ExitCode.itemsFailed;
    return report.failed > 0 || (pulled?.failed ?? 0) > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

const pull: Command = {
  name: 'pull',
  summary: 'bring the edits made in Notion into the files, merged with local edits (overlaps become conflict markers)',
  usage: 'pull [PATH…] [--category C] [--dry-run]',
  options: {
    category: CATEGORY_OPTION,
    'dry-run': { type: 'boolean', description: 'write no file and nothing to Notion; print what each item would get' },
  },
  details:
    'Only items changed in Notion since this machine last synced them (remote-modified, conflict) are read: one block listing each. ' +
    'A change made on both sides to the same part is written as git-style conflict markers (<<<<<<< local … >>>>>>> notion); ' +
    'sync refuses that file until they are resolved. Agent chats and execution logs are never pulled.',
  async run(ctx) {
    const config = await ctx.loadConfig();
    const category = categoryOption(ctx, config);
    const report = await runPull(ctx.engine(config), {
      paths: relPaths(ctx),
      category,
      dryRun: !!ctx.values['dry-run'],
    });
    if (ctx.out.json) ctx.out.resultJson(pullJson(report));
    else ctx.out.result(renderPull(report));
    if (report.cancelled) return ctx.interrupted() ? ExitCode.interrupted : ExitCode.itemsFailed;
    return report.failed > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

const audit: Command = {
  name: 'audit',
  summary: 'the full gap analysis: both sides counted, every gap named with the command that fixes it',
  usage: 'audit [--out FILE] [--save] [--fail-on-gaps] [--fail-on-alerts]',
  options: {
    out: { type: 'string', arg: 'FILE', description: 'write the markdown report to FILE instead of stdout' },
    save: { type: 'boolean', description: 'also write it to reports/notion-sync-audit-<time>.md in the workspace' },
    'fail-on-gaps': { type: 'boolean', description: 'exit 3 when the audit finds anything to remediate' },
    'fail-on-alerts': {
      type: 'boolean',
      description: 'exit 3 when a critical gap appeared since the previous audit (for scheduled monitoring)',
    },
  },
  details:
    'Each audit is compared with the previous one saved on this machine (next to the sync cache): critical gaps that are new since then (stale trigger files, failed runs, scripts without execution logs, pages edited in Notion, duplicates, Notion unreachable) are reported as alerts ("alerts" under --json, "alert:" lines on stderr).',
  async run(ctx) {
    const config = await ctx.loadConfig();
    const engine = ctx.engine(config);
    const census = chatCensus({
      workspaceFolder: config.root,
      tools: config.categories.agentChats?.capture,
      env: engine.env,
      signal: ctx.signal,
    });
    const report = await runAudit(engine, { chatCensus: census });
    const markdown = auditMarkdown(report);
    const written: string[] = [];
    if (typeof ctx.values.out === 'string') {
      const file = resolvePath(ctx.values.out);
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, markdown);
      written.push(file);
    }
    if (ctx.values.save) {
      const stamp = report.generatedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
      const file = join(config.root, 'reports', `notion-sync-audit-${stamp}.md`);
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, markdown);
      written.push(file);
    }
    const { alerts, previousAt } = await auditAlerts(report, {
      stateDir: engine.stateDir ?? defaultStateDir(engine.env as NodeJS.ProcessEnv),
      workspaceRoot: config.root,
    });
    for (const a of alerts) ctx.out.warnRaw(`alert: [${a.severity}] ${a.title}${a.command ? ` (${a.command})` : ''}`);
    const problem = report.notion.reason
      ? ({
          reason: report.notion.reason,
          message: report.notion.error ?? '',
          fix: report.notion.fix ?? '',
        } as NotionProblem)
      : undefined;
    const outage = outageOf(problem);
    if (ctx.out.json)
      ctx.out.resultJson({
        ...auditJson(report),
        alerts,
        previousAuditAt: previousAt ?? null,
        ...(outage.error ? { error: outage.error } : {}),
      });
    else if (written.length === 0) ctx.out.result(markdown);
    for (const f of written) ctx.out.info(`Audit report written to ${f}`);
    if (outage.exit !== undefined) return outage.exit;
    if (ctx.values['fail-on-alerts'] && alerts.length > 0) return ExitCode.gaps;
    return ctx.values['fail-on-gaps'] && hasGaps(report) ? ExitCode.gaps : ExitCode.ok;
  },
};

const pruneCommand: Command = {
  name: 'prune',
  summary: "move duplicate rows (keeping the oldest) and/or rows whose file is gone to Notion's trash",
  usage: 'prune [--duplicates] [--orphans] [--category C] [--dry-run]',
  options: {
    duplicates: { type: 'boolean', description: 'trash the extra rows of a key, keeping the oldest' },
    orphans: { type: 'boolean', description: 'trash the rows whose file no longer exists' },
    category: CATEGORY_OPTION,
    'dry-run': { type: 'boolean', description: 'list what would be trashed; write nothing' },
  },
  details: "Nothing is deleted for good: rows go to Notion's trash, where they can be restored.",
  async run(ctx) {
    if (!ctx.values.duplicates && !ctx.values.orphans)
      throw new UsageError('Say what to prune: --duplicates, --orphans, or both.');
    const config = await ctx.loadConfig();
    const category = categoryOption(ctx, config);
    const report = await prune(ctx.engine(config), {
      duplicates: !!ctx.values.duplicates,
      orphans: !!ctx.values.orphans,
      category,
      dryRun: !!ctx.values['dry-run'],
    });
    if (ctx.out.json) ctx.out.resultJson(report);
    else {
      const verb = report.dryRun ? 'would trash' : 'trashed';
      const lines = report.trashed.map((t) => `  ${verb} ${t.why} row of ${t.path}  ${t.url}`);
      for (const f of report.failed) lines.push(`  failed ${f.path}: ${f.reason}`);
      ctx.out.result(lines.length ? lines.join('\n') : 'Nothing to prune.');
    }
    return report.failed.length > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

export const COMMANDS: Command[] = [
  init,
  status,
  sync,
  pull,
  adoptCommand,
  audit,
  pruneCommand,
  ...CHAT_COMMANDS,
  runCommand,
  sandboxCommand,
];
