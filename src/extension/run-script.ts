import { Writable } from 'node:stream';
import * as vscode from 'vscode';
import { runWithLog } from '../core/sync';
import type { SyncModel } from './model';

const INTERPRETERS: Array<[RegExp, (p: string) => string]> = [
  [/\.py$/i, (p) => `${process.platform === 'win32' ? 'python' : 'python3'} ${p}`],
  [/\.(js|mjs|cjs)$/i, (p) => `node ${p}`],
  [/\.ts$/i, (p) => `npx tsx ${p}`],
  [/\.sh$/i, (p) => `bash ${p}`],
  [/\.ps1$/i, (p) => `pwsh -File ${p}`],
  [/\.rb$/i, (p) => `ruby ${p}`],
  [/\.go$/i, (p) => `go run ${p}`],
];

/** The command a script is usually run with (the user can edit it before it runs). */
export function suggestCommand(path: string): string {
  const quoted = /\s/.test(path) ? JSON.stringify(path) : path;
  return INTERPRETERS.find(([re]) => re.test(path))?.[1](quoted) ?? quoted;
}

/** Splits a command line into argv (double and single quotes; no shell features). */
function splitCommand(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}

/**
 * Runs a script with an execution log in a terminal of ours: a pseudo-terminal whose process is
 * `runWithLog` in the extension host, so no `node` or CLI is needed on the PATH. Output streams in;
 * the Execution Logs row is written when the command ends.
 */
export function runScriptInTerminal(
  model: SyncModel,
  log: vscode.LogOutputChannel,
  scriptPath: string,
  commandLine: string,
): Promise<{ exitCode: number; executionLogPageId?: string; url?: string }> {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let finish!: (r: { exitCode: number; executionLogPageId?: string; url?: string }) => void;
  const done = new Promise<{ exitCode: number; executionLogPageId?: string; url?: string }>((r) => (finish = r));
  const out = (color?: string): Writable =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        const text = chunk.toString().replace(/\r?\n/g, '\r\n');
        write.fire(color ? `${color}${text}\x1b[0m` : text);
        cb();
      },
    });
  const argv = splitCommand(commandLine);
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[2m$ ${commandLine}\x1b[0m\r\n`);
      void (async () => {
        try {
          const ctx = await model.engine('editor', { command: commandLine });
          const report = await runWithLog(ctx, { argv, scriptPath, stdout: out(), stderr: out('\x1b[31m') });
          const where = report.executionLogPageId
            ? 'recorded in Execution Logs'
            : report.queued
              ? 'execution log queued (Notion not reachable)'
              : 'no execution log written';
          const failed = report.exitCode !== 0 || report.status === 'failed';
          write.fire(
            `\r\n${failed ? '\x1b[31m' : '\x1b[2m'}[exit ${report.exitCode}, ${report.status}; ${where}${report.note ? `; ${report.note}` : ''}]\x1b[0m\r\n`,
          );
          log.info(`Run ${commandLine}: exit ${report.exitCode} (${report.status}); ${where}`);
          // The row just written, with its link (the refresh reads it back with the scripts' last runs).
          await model.refresh();
          const url = report.executionLogPageId ? model.lastRun(scriptPath)?.url : undefined;
          if (url) write.fire(`\x1b[2mExecution log: ${url}\x1b[0m\r\n`);
          finish({ exitCode: report.exitCode, executionLogPageId: report.executionLogPageId, url });
          if (failed)
            void vscode.window
              .showErrorMessage(
                `${scriptPath} failed (exit ${report.exitCode}); ${where}.`,
                ...(url ? ['Open Execution Log'] : []),
              )
              .then((c) => {
                if (c && url) void vscode.env.openExternal(vscode.Uri.parse(url));
              });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          write.fire(`\r\n\x1b[31m${message}\x1b[0m\r\n`);
          log.error(`Run ${commandLine}: ${message}`);
          finish({ exitCode: 1 });
        }
      })();
    },
    close: () => {
      // runWithLog forwards only process signals to its child; closing the terminal leaves the run to finish.
    },
  };
  const terminal = vscode.window.createTerminal({
    name: `Notion Sync: ${scriptPath.split('/').pop()}`,
    pty,
    iconPath: new vscode.ThemeIcon('notebook-execute'),
  });
  terminal.show();
  void done.finally(() => {
    write.dispose();
    close.dispose();
  });
  return done;
}
