import { createInterface } from 'node:readline/promises';
import { captureChats, listChats, runWithLog } from '../core/sync';
import type { FirstPushPreview } from '../core/sync/capture-preview';
import { firstPushLines } from '../core/sync/capture-preview';
import { ALL_CHAT_TOOLS } from '../core/chats/types';
import type { ChatTool } from '../core/chats/types';
import { stringList } from './args';
import { outageOf } from './errors';
import type { Command, CommandContext, OptionSpec } from './types';
import { ExitCode, UsageError } from './types';

function chatTools(ctx: CommandContext): ChatTool[] | undefined {
  const tools = stringList(ctx.values.tool);
  for (const t of tools)
    if (!ALL_CHAT_TOOLS.includes(t as ChatTool))
      throw new UsageError(`Unknown tool "${t}". Known: ${ALL_CHAT_TOOLS.join(', ')}.`);
  return tools.length ? (tools as ChatTool[]) : undefined;
}

const CHAT_OPTIONS: Record<string, OptionSpec> = {
  tool: {
    type: 'string',
    arg: 'T',
    multiple: true,
    description: `only this agent tool: ${ALL_CHAT_TOOLS.join(', ')}`,
  },
  'editor-user-dir': {
    type: 'string',
    arg: 'DIR',
    multiple: true,
    description: 'also read the "User" folder of a VS Code-family editor installed in an unusual place',
  },
};

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
    const outage = outageOf(list.notion.problem);
    if (ctx.out.json) {
      ctx.out.resultJson({
        sessions: list.sessions,
        warnings: list.warnings,
        notion: list.notion,
        ...(outage.error ? { error: outage.error } : {}),
      });
    } else {
      const lines = list.sessions.map(
        (s) =>
          `  ${s.excluded ? '-' : s.captured ? '✓' : '+'} ${s.tool.padEnd(11)} ${s.updatedAt.slice(0, 16).replace('T', ' ')}  ${String(s.messages).padStart(4)} msgs  ${s.title}  (${s.id})`,
      );
      if (lines.length === 0) lines.push('  No agent chat sessions of this workspace were found.');
      if (list.notion.problem) lines.push(`Notion: ${list.notion.problem.message} ${list.notion.problem.fix}`);
      ctx.out.result(`Sessions (✓ captured, + not yet, - excluded):\n${lines.join('\n')}`);
    }
    return outage.exit ?? ExitCode.ok;
  },
};

const chatsCapture: Command = {
  name: 'chats capture',
  summary: 'write sessions as markdown under agent-chats/ and push them to Notion (only new turns are appended)',
  usage: 'chats capture (--all | --tool T | --session ID…) [--force] [--dry-run] [--yes]',
  options: {
    ...CHAT_OPTIONS,
    session: {
      type: 'string',
      arg: 'ID',
      multiple: true,
      description: "only the session with this id (the tool's own)",
    },
    all: { type: 'boolean', description: 'every session of this workspace from every tool' },
    force: { type: 'boolean', description: 'overwrite chat pages that were edited in Notion since the last capture' },
    'dry-run': {
      type: 'boolean',
      description: 'show what a capture would send (sessions, messages, redactions by kind); writes nothing',
    },
    yes: { type: 'boolean', description: "push a tool's first sessions without asking (see below)" },
  },
  details:
    'Exits 1 when Notion cannot be reached and 4 when it refuses the token: the markdown is still written, and the next capture or sync pushes it.\n' +
    "The first push of a tool (no row of this workspace has that Tool yet) prints what it sends — sessions, messages, redactions by kind — before anything is written. In a terminal it then asks, and nothing of that tool is sent unless you answer yes (--yes skips the question). In a run without a terminal (scripts, CI, --json) the command line's --all / --tool / --session and the configuration's capture list are the consent: the preview is printed to stderr and reported as firstPush, and the push goes on.",
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
      dryRun: !!ctx.values['dry-run'],
      confirmFirstPush: (preview) => confirmFirstPush(ctx, preview),
    });
    for (const w of report.warnings) ctx.out.warn(`${w.file}: ${w.message}`);
    if (sessionIds.length) {
      const missing = sessionIds.filter((id) => !report.sessions.some((s) => s.id === id));
      if (missing.length) ctx.out.warn(`No session of this workspace has the id ${missing.join(', ')}.`);
    }
    if (report.preview) {
      const p = report.preview;
      if (ctx.out.json) {
        ctx.out.resultJson({
          dryRun: true,
          sessions: report.sessions,
          excluded: report.excluded,
          preview: p,
          warnings: report.warnings,
        });
      } else {
        const lines = report.sessions.map(
          (s) =>
            `  ${s.action === 'excluded' ? `excluded (${s.excluded})` : `${String(s.messages).padStart(4)} msgs`}  ${s.tool} ${s.title}  (${s.id})`,
        );
        const kinds = Object.entries(p.redactions).map(([k, n]) => `${k} ${n}`);
        lines.push(
          `would send ${p.sessions} sessions, ${p.messages} messages; redactions: ${kinds.join(', ') || 'none'}; excluded ${report.excluded} — nothing written`,
        );
        ctx.out.result(lines.join('\n'));
      }
      return ExitCode.ok;
    }
    const outage = outageOf(report.notion.problem);
    if (ctx.out.json) {
      ctx.out.resultJson({
        excluded: report.excluded,
        held: report.held,
        ...(report.firstPush ? { firstPush: report.firstPush } : {}),
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
        ...(outage.error ? { error: outage.error } : {}),
      });
    } else {
      const lines = report.sessions
        .filter((s) => s.action !== 'unchanged')
        .map((s) => `  ${s.action.padEnd(9)} ${s.tool} ${s.path}${s.error ? `: ${s.error}` : ''}`);
      lines.push(
        `captured ${report.captured}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}${report.conflicts ? `, conflicts ${report.conflicts}` : ''}${report.held ? `, held back ${report.held} (first push not confirmed)` : ''} — ${report.apiCalls} API calls`,
      );
      if (report.notion.problem) lines.push(`Notion: ${report.notion.problem.message} ${report.notion.problem.fix}`);
      ctx.out.result(lines.join('\n'));
    }
    if (outage.exit !== undefined) return outage.exit;
    return report.failed > 0 ? ExitCode.itemsFailed : ExitCode.ok;
  },
};

/**
 * Before the first push of a tool: the preview goes to stderr; a terminal run asks (default no) unless --yes; a run
 * without a terminal (or with --json) goes on, its command line and configuration being the consent.
 */
async function confirmFirstPush(ctx: CommandContext, preview: FirstPushPreview): Promise<boolean> {
  ctx.out.warn('First push of these agent tools to Notion for this workspace — this is what it sends:');
  for (const line of firstPushLines(preview)) ctx.out.warnRaw(line);
  const interactive = !ctx.out.json && !!process.stdin.isTTY && !!(ctx.out.stderr as NodeJS.WriteStream).isTTY;
  if (ctx.values.yes || !interactive) return true;
  const rl = createInterface({ input: process.stdin, output: ctx.out.stderr });
  try {
    const answer = await rl.question('Push them to Notion? [y/N] ', { signal: ctx.signal });
    const yes = /^y(es)?$/i.test(answer.trim());
    if (!yes)
      ctx.out.warn(
        "Not sent: these tools' sessions were left out (nothing written). Run again and answer y, or add --yes.",
      );
    return yes;
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

export const CHAT_COMMANDS: Command[] = [chatsList, chatsCapture];

export const runCommand: Command = {
  name: 'run',
  summary: "run a command and record it in Execution Logs (exits with the command's own code)",
  usage: 'run [--script PATH] -- CMD [ARGS…]',
  options: {
    script: {
      type: 'string',
      arg: 'PATH',
      description: "the workspace script this run executes; the log row links to the script's page",
    },
  },
  details:
    "The command's output is shown as it runs (on stderr under --json) and its redacted tail is recorded. Ctrl-C goes to the command.",
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

const SANDBOX_OPTIONS: Record<string, OptionSpec> = {
  port: { type: 'string', arg: 'N', description: 'the port on 127.0.0.1 (0 or none: any free port)' },
  host: { type: 'string', arg: 'H', description: 'the address to listen on (default 127.0.0.1)' },
  data: { type: 'string', arg: 'FILE', description: 'load the workspace from FILE and save it there after writes' },
  rps: { type: 'string', arg: 'N', description: 'rate limit in requests per second (429 beyond it), like Notion' },
  burst: { type: 'string', arg: 'N', description: 'requests the rate limiter lets through at once' },
  faults: {
    type: 'string',
    arg: 'SPEC',
    description: 'inject faults, e.g. "rate=0.1,kinds=429:503" (src/sandbox/README.md)',
  },
  'retry-after': { type: 'string', arg: 'S', description: 'the Retry-After of rate-limited answers, in seconds' },
};

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'start the local Notion API emulator on 127.0.0.1 (first stdout line: {"url", "token", "rootPageId"})',
  usage: 'sandbox [--port N] [--data FILE] [--rps N] [--faults SPEC]',
  options: SANDBOX_OPTIONS,
  details: 'The --token global option sets the token it accepts. Stop it with Ctrl-C.',
  async run(ctx) {
    const { sandboxMain } = await import('../sandbox/cli');
    const args: string[] = [];
    for (const name of [...Object.keys(SANDBOX_OPTIONS), 'token'])
      if (typeof ctx.values[name] === 'string') args.push(`--${name}`, ctx.values[name] as string);
    if (ctx.values.quiet) args.push('--quiet');
    return sandboxMain(args);
  },
};
