import type { Command, CommandContext } from './command';
import { ExitCode, UsageError } from './command';
import { captureChats, getStatus, initDatabases, listChats, prune, runSync, runWithLog } from '../core/sync';
import { ALL_CHAT_TOOLS } from '../core/chats/types';
import type { ChatTool } from '../core/chats/types';
import { auditJson, auditMarkdown, chatCensus, hasGaps, runAudit } from '../core/audit';
import { promises as fs } from 'node:fs';
import { dirname, resolve as resolvePath, join } from 'node:path';
import type { ItemStatus, SyncReport } from '../core/sync';
import { normalizeNotionId } from '../core/config';
import type { SyncConfig } from '../core/config';

const STATE_MARK: Record<string, string> = {
  synced: '✓',
  modified: 'M',
  new: '+',
  conflict: '!',
  orphaned: '?',
  skipped: '-',
  error: '✗',
};

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** `--category C`, checked against the configured categories. */
function categoryOption(ctx: CommandContext, config: SyncConfig): string | undefined {
  const category = typeof ctx.values.category === 'string' ? ctx.values.category : undefined;
  if (category && !config.categories[category])
    throw new UsageError(`Unknown category "${category}". Known: ${Object.keys(config.categories).join(', ')}.`);
  return category;
}

function relPaths(ctx: CommandContext): string[] | undefined {
  if (ctx.positionals.length === 0) return undefined;
  return ctx.positionals.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, ''));
}

const init: Command = {
  name: 'init',
  summary:
    'create the Plans, Reports, Scripts, Agent Chats and Execution Logs databases (or complete the configured ones)',
  usage: 'init [--parent-page ID|URL]',
  options: { 'parent-page': { type: 'string' } },
  async run(ctx) {
    const config = await ctx.loadConfig();
    const raw = ctx.values['parent-page'];
    let parentPageId: string | undefined;
    if (typeof raw === 'string') {
      parentPageId = normalizeNotionId(raw);
      if (!parentPageId) throw new UsageError(`--parent-page "${raw}" is not a Notion page id or URL.`);
    }
    const missing = [
      ...Object.values(config.categories).map((c) => c.databaseId),
      config.executionLogs.databaseId,
    ].some((id) => !id);
    if (missing && !parentPageId && !config.parentPageId) {
      throw new UsageError(
        'Some databases do not exist yet: give the page to create them under with --parent-page (a page shared with your integration).',
      );
    }
    const report = await initDatabases(ctx.engine(config), { parentPageId });
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
        `${p.database}: property "${p.property}" is ${p.actual} but must be ${p.expected}; rename or remove it in Notion, then run init again.`,
      );
    return report.unresolved.length > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

const status: Command = {
  name: 'status',
  summary: 'the state of every item (synced, modified, new, conflict, orphaned, skipped, error)',
  usage: 'status [PATH…] [--category C]',
  options: { category: { type: 'string' } },
  async run(ctx) {
    const config = await ctx.loadConfig();
    const category = categoryOption(ctx, config);
    const report = await getStatus(ctx.engine(config), { paths: relPaths(ctx), category });
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
      });
    } else {
      ctx.out.result(renderStatus(report.items, report.notion.problem, report.counts));
    }
    return report.items.some((i) => i.state === 'error') ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

export function itemJson(i: ItemStatus): Record<string, unknown> {
  return {
    category: i.category,
    path: i.path,
    state: i.state,
    pageId: i.pageId ?? null,
    url: i.url ?? null,
    reason: i.reason ?? null,
  };
}

function renderStatus(
  items: ItemStatus[],
  problem: { message: string; fix: string } | undefined,
  counts: Record<string, number>,
): string {
  const lines: string[] = [];
  const byCat = new Map<string, ItemStatus[]>();
  for (const i of items) byCat.set(i.category, [...(byCat.get(i.category) ?? []), i]);
  for (const [cat, list] of byCat) {
    lines.push(`${cat}:`);
    for (const i of list.sort((a, b) => a.path.localeCompare(b.path))) {
      lines.push(`  ${STATE_MARK[i.state] ?? ' '} ${i.state.padEnd(9)} ${i.path}${i.reason ? `  (${i.reason})` : ''}`);
    }
  }
  if (items.length === 0) lines.push('No items found. Check the category globs in .notion-sync.json.');
  lines.push(
    '',
    Object.entries(counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ') || 'nothing',
  );
  if (problem) lines.push(`Notion: ${problem.message}\n  ${problem.fix}`);
  return lines.join('\n');
}

const sync: Command = {
  name: 'sync',
  summary:
    'push new and changed items to Notion (never duplicates, never overwrites edits made in Notion without --force)',
  usage: 'sync [PATH…] [--category C] [--dry-run] [--force]',
  options: {
    category: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'validate-only': { type: 'boolean' },
    force: { type: 'boolean' },
  },
  async run(ctx) {
    const config = await ctx.loadConfig();
    const category = categoryOption(ctx, config);
    const dryRun = !!ctx.values['dry-run'] || !!ctx.values['validate-only'];
    const report = await runSync(ctx.engine(config), {
      paths: relPaths(ctx),
      category,
      dryRun,
      force: !!ctx.values.force,
    });
    if (ctx.out.json) ctx.out.resultJson(syncJson(report));
    else ctx.out.result(renderSync(report));
    if (report.cancelled) return ExitCode.itemsFailed;
    return report.failed > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

export function syncJson(r: SyncReport): Record<string, unknown> {
  return {
    created: r.created,
    updated: r.updated,
    moved: r.moved,
    unchanged: r.unchanged,
    conflicts: r.conflicts,
    failed: r.failed,
    apiCalls: r.apiCalls,
    reads: r.reads,
    writes: r.writes,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    executionLogPageId: r.executionLogPageId ?? null,
    skipped: r.skipped,
    failures: r.failures,
    conflictPaths: r.conflictPaths,
    secrets: r.secrets,
    plan: r.plan.map((p) => ({
      path: p.path,
      category: p.category,
      action: p.action,
      estimatedCalls: p.estimatedCalls,
      reason: p.reason ?? null,
    })),
  };
}

function renderSync(r: SyncReport): string {
  const lines: string[] = [];
  if (r.dryRun) {
    lines.push('Dry run: nothing was written. The plan:');
    const todo = r.plan.filter((p) => p.action !== 'unchanged');
    for (const p of todo)
      lines.push(
        `  ${p.action.padEnd(9)} ${p.path}  ~${p.estimatedCalls} request${p.estimatedCalls === 1 ? '' : 's'}${p.reason ? `  (${p.reason})` : ''}`,
      );
    if (todo.length === 0) lines.push('  nothing to do');
    lines.push(
      `Estimated: ${r.plan.reduce((n, p) => n + p.estimatedCalls, 0)} write requests (reads so far: ${r.reads}).`,
    );
  } else {
    lines.push(
      `created ${r.created}, updated ${r.updated}${r.moved ? `, moved ${r.moved}` : ''}, unchanged ${r.unchanged}, conflicts ${r.conflicts}, failed ${r.failed} — ${r.apiCalls} API calls (${r.reads} reads, ${r.writes} writes)${r.cancelled ? ' — CANCELLED' : ''}`,
    );
  }
  for (const c of r.conflictPaths)
    lines.push(
      `  conflict  ${c}: edited in Notion since the last sync; run "notion-sync sync ${c} --force" to overwrite`,
    );
  for (const f of r.failures) lines.push(`  failed    ${f.path}: ${f.reason}`);
  for (const s of r.skipped) lines.push(`  skipped   ${s.path}: ${s.reason}`);
  for (const s of r.secrets)
    lines.push(
      `  redacted  ${s.path}: ${s.count} secret${s.count === 1 ? '' : 's'} (${s.kinds.join(', ')}) replaced by [REDACTED:…]`,
    );
  if (r.executionLogNote) lines.push(`  note: ${r.executionLogNote}`);
  return lines.join('\n');
}

const sandbox: Command = {
  name: 'sandbox',
  summary: 'start the local Notion API emulator on 127.0.0.1 (first stdout line: {"url", "token"})',
  usage: 'sandbox [--port N] [--data FILE] [--rps N] [--faults SPEC]',
  options: {
    port: { type: 'string' },
    data: { type: 'string' },
    rps: { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(ctx) {
    const { sandboxMain } = await import('../sandbox/cli');
    return sandboxMain(ctx.argv.slice(1));
  },
};

const audit: Command = {
  name: 'audit',
  summary: 'the full gap analysis: both sides counted, every gap named with the command that fixes it',
  usage: 'audit [--out FILE] [--save] [--fail-on-gaps]',
  options: { out: { type: 'string' }, save: { type: 'boolean' }, 'fail-on-gaps': { type: 'boolean' } },
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
    if (ctx.out.json) ctx.out.resultJson(auditJson(report));
    else if (written.length === 0) ctx.out.result(markdown);
    for (const f of written) ctx.out.info(`Audit report written to ${f}`);
    return ctx.values['fail-on-gaps'] && hasGaps(report) ? ExitCode.gaps : ExitCode.ok;
  },
};

const pruneCommand: Command = {
  name: 'prune',
  summary: "move duplicate rows (keeping the oldest) and/or rows whose file is gone to Notion's trash",
  usage: 'prune [--duplicates] [--orphans] [--category C] [--dry-run]',
  options: {
    duplicates: { type: 'boolean' },
    orphans: { type: 'boolean' },
    category: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
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

function chatTools(ctx: CommandContext): ChatTool[] | undefined {
  const tools = stringList(ctx.values.tool);
  for (const t of tools)
    if (!ALL_CHAT_TOOLS.includes(t as ChatTool))
      throw new UsageError(`Unknown tool "${t}". Known: ${ALL_CHAT_TOOLS.join(', ')}.`);
  return tools.length ? (tools as ChatTool[]) : undefined;
}

const CHAT_OPTIONS = {
  tool: { type: 'string', multiple: true },
  'editor-user-dir': { type: 'string', multiple: true },
} as const;

const chatsList: Command = {
  name: 'chats list',
  summary: 'agent chat sessions of this workspace from every supported tool, and whether each is captured',
  usage: 'chats list [--tool T] [--editor-user-dir DIR]',
  options: CHAT_OPTIONS,
  async run(ctx) {
    const config = await ctx.loadConfig();
    const list = await listChats(ctx.engine(config), {
      tools: chatTools(ctx),
      editorUserDirs: stringList(ctx.values['editor-user-dir']),
    });
    for (const w of list.warnings) ctx.out.warn(`${w.file}: ${w.message}`);
    if (ctx.out.json) {
      ctx.out.resultJson({ sessions: list.sessions, warnings: list.warnings, notion: list.notion });
    } else {
      const lines = list.sessions.map(
        (s) =>
          `  ${s.captured ? '✓' : '+'} ${s.tool.padEnd(11)} ${s.updatedAt.slice(0, 16).replace('T', ' ')}  ${String(s.messages).padStart(4)} msgs  ${s.title}  (${s.id})`,
      );
      if (lines.length === 0) lines.push('  No agent chat sessions of this workspace were found.');
      if (list.notion.problem) lines.push(`Notion: ${list.notion.problem.message} ${list.notion.problem.fix}`);
      ctx.out.result(`Sessions (✓ captured, + not yet):\n${lines.join('\n')}`);
    }
    return ExitCode.ok;
  },
};

const chatsCapture: Command = {
  name: 'chats capture',
  summary: 'write sessions as markdown under agent-chats/ and push them to Notion (only new turns are appended)',
  usage: 'chats capture [--tool T] [--session ID…] [--all] [--force]',
  options: {
    ...CHAT_OPTIONS,
    session: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  async run(ctx) {
    const config = await ctx.loadConfig();
    const sessionIds = stringList(ctx.values.session);
    const tools = chatTools(ctx);
    if (!ctx.values.all && sessionIds.length === 0 && !tools)
      throw new UsageError('Say which sessions: --all, --tool T, or --session ID (see "notion-sync chats list").');
    const report = await captureChats(ctx.engine(config), {
      tools,
      sessionIds: sessionIds.length ? sessionIds : undefined,
      editorUserDirs: stringList(ctx.values['editor-user-dir']),
      force: !!ctx.values.force,
    });
    for (const w of report.warnings) ctx.out.warn(`${w.file}: ${w.message}`);
    if (sessionIds.length) {
      const missing = sessionIds.filter((id) => !report.sessions.some((s) => s.id === id));
      if (missing.length) ctx.out.warn(`No session of this workspace has the id ${missing.join(', ')}.`);
    }
    if (ctx.out.json) {
      ctx.out.resultJson({
        captured: report.captured,
        updated: report.updated,
        unchanged: report.unchanged,
        failed: report.failed,
        conflicts: report.conflicts,
        exported: report.exported,
        apiCalls: report.apiCalls,
        sessions: report.sessions,
        notion: report.notion,
        executionLogPageId: report.executionLogPageId ?? null,
      });
    } else {
      const lines = report.sessions
        .filter((s) => s.action !== 'unchanged')
        .map((s) => `  ${s.action.padEnd(9)} ${s.tool} ${s.path}${s.error ? `: ${s.error}` : ''}`);
      lines.push(
        `captured ${report.captured}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}${report.conflicts ? `, conflicts ${report.conflicts}` : ''} — ${report.apiCalls} API calls`,
      );
      if (report.notion.problem) lines.push(`Notion: ${report.notion.problem.message} ${report.notion.problem.fix}`);
      ctx.out.result(lines.join('\n'));
    }
    return report.failed > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

const run: Command = {
  name: 'run',
  summary: "run a command and record it in Execution Logs (exits with the command's own code)",
  usage: 'run [--script PATH] -- CMD [ARGS…]',
  options: { script: { type: 'string' } },
  async run(ctx) {
    if (ctx.rest.length === 0)
      throw new UsageError(
        'Give the command after "--", e.g. notion-sync run --script scripts/x.py -- python scripts/x.py',
      );
    const config = await ctx.loadConfig();
    // The run is not cancelled by our own Ctrl-C handling: the child gets the signal and decides.
    const engine = { ...ctx.engine(config, new AbortController().signal), command: ctx.rest.join(' ') };
    const report = await runWithLog(engine, {
      argv: ctx.rest,
      scriptPath: typeof ctx.values.script === 'string' ? ctx.values.script : undefined,
      stdout: ctx.out.passthroughStdout,
      stderr: ctx.out.stderr,
    });
    if (report.note) ctx.out.warn(report.note);
    if (ctx.out.json)
      ctx.out.resultJson({
        exitCode: report.exitCode,
        status: report.status,
        executionLogPageId: report.executionLogPageId ?? null,
        queued: report.queued,
      });
    else ctx.out.debug(`execution log: ${report.executionLogPageId ?? (report.queued ? 'queued' : 'not written')}`);
    return report.exitCode;
  },
};

export const COMMANDS: Command[] = [init, status, sync, audit, pruneCommand, chatsList, chatsCapture, run, sandbox];
