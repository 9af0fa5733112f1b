import type { ProgressEvent } from '../core/sync';
import type { CliErrorBody } from './types';

/**
 * Where CLI text goes: with --json, stdout carries exactly one JSON document and everything
 * human goes to stderr; progress is on stderr, overwritten in place on a terminal.
 */
export class Output {
  private progressShown = false;
  constructor(
    private readonly o: {
      json: boolean;
      quiet: boolean;
      verbose: boolean;
      stdout: NodeJS.WritableStream;
      stderr: NodeJS.WritableStream;
      /** May progress redraw a line with escape codes: a terminal, and neither NO_COLOR nor TERM=dumb. */
      ansi?: boolean;
    },
  ) {}

  get json(): boolean {
    return this.o.json;
  }

  /** Where a child command's output goes: stdout, or stderr when stdout is reserved for --json. */
  get passthroughStdout(): NodeJS.WritableStream {
    return this.o.json ? this.o.stderr : this.o.stdout;
  }

  get stderr(): NodeJS.WritableStream {
    return this.o.stderr;
  }

  private get tty(): boolean {
    return this.o.ansi ?? !!(this.o.stderr as NodeJS.WriteStream).isTTY;
  }

  /** True once the command's result (or failure) went to stdout. */
  resultWritten = false;

  /** The command's result: JSON document or human text, on stdout. */
  result(text: string): void {
    this.endProgress();
    this.o.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    this.resultWritten = true;
  }

  resultJson(value: unknown): void {
    this.endProgress();
    this.o.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    this.resultWritten = true;
  }

  /**
   * A command that failed: under --json one document `{"error": {code, message, fix}}` on stdout
   * (unless a result was already written), otherwise the message and its fix on stderr.
   */
  failure(body: CliErrorBody): void {
    if (this.o.json && !this.resultWritten) this.resultJson({ error: body });
    else this.line(`error: ${body.message}${body.fix ? `\nFix: ${body.fix}` : ''}`);
  }

  /** Human text that belongs to the result but must not pollute --json stdout. */
  info(text: string): void {
    if (this.o.json) this.line(text);
    else this.result(text);
  }

  progress(message: string): void {
    if (this.o.quiet) return;
    if (this.tty) {
      const cols = (this.o.stderr as NodeJS.WriteStream).columns ?? 100;
      this.o.stderr.write(`\r\x1b[2K${message.slice(0, cols - 1)}`);
      this.progressShown = true;
    } else this.o.stderr.write(`${message}\n`);
  }

  progressEvent(e: ProgressEvent): void {
    if (e.phase === 'done') return;
    const counter = e.total !== undefined ? `[${e.done ?? 0}/${e.total}] ` : '';
    this.progress(`${counter}${e.message}`);
  }

  endProgress(): void {
    if (this.progressShown) {
      this.o.stderr.write('\r\x1b[2K');
      this.progressShown = false;
    }
  }

  warn(message: string): void {
    this.line(`warning: ${message}`);
  }

  /** A line on stderr as it is (alerts, notes). */
  warnRaw(message: string): void {
    this.line(message);
  }

  error(message: string): void {
    this.line(`error: ${message}`);
  }

  debug(message: string): void {
    if (this.o.verbose) this.line(message);
  }

  private line(text: string): void {
    this.endProgress();
    this.o.stderr.write(`${text}\n`);
  }
}
