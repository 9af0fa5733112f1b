import { step, type State } from './sections';

/**
 * Budgets against hostile input (issue 19): a file may make the markdown parser (micromark) spend
 * minutes — 50,000 `*` around one letter, a list nested 1,000 levels deep — and a sync must not hang
 * on it. Two defences:
 *
 * 1. `guardSource` rewrites the few shapes known to cost the parser super-linear time into text that
 *    reads the same and parses in linear time: a run of more than 32 `*` or `_` (no emphasis nests that
 *    deep) is escaped, as is every `*`/`_` of a line holding more than 1,000 of them; indentation
 *    deeper than 64 columns (in a document with a list nested over ~32 levels) is cut to 64, so deeper items become
 *    siblings at that depth. Code (fenced blocks, code spans) and thematic breaks are left alone.
 * 2. `Deadline` is checked between sections and blocks: a file whose conversion runs longer than the
 *    budget (or whose text is larger than it) fails with a `ContentBudgetError` naming the reason,
 *    which the sync reports as that file's failure and moves on.
 */

export interface ConversionBudget {
  /** Milliseconds one file's conversion may take, in CPU and wall-clock time both (default 10,000). */
  maxMs?: number;
  /** Characters (UTF-16 units) of one file's text (default 5,000,000). */
  maxChars?: number;
}

export const DEFAULT_BUDGET: Required<ConversionBudget> = { maxMs: 10_000, maxChars: 5_000_000 };

/** A file was not converted because it exceeded a budget; `message` says which and why. */
export class ContentBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentBudgetError';
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The time budget of one conversion. It is spent only when both the CPU time of this process and the
 * wall-clock time since the start exceed it: a loaded machine (a CI runner, other work) slows a
 * conversion down without making the file hostile.
 */
export class Deadline {
  private readonly wallEnd: number;
  private readonly cpuEnd: number;
  private calls = 0;
  constructor(
    private readonly maxMs: number,
    private readonly path: string | undefined,
  ) {
    this.wallEnd = performance.now() + maxMs;
    this.cpuEnd = cpuMs() + maxMs;
  }

  /** Throws once the budget is spent; cheap enough to call per block (the clocks are read every 32nd call). */
  check(where?: string): void {
    if ((++this.calls & 31) !== 0 && where === undefined) return;
    if (performance.now() <= this.wallEnd || cpuMs() <= this.cpuEnd) return;
    const file = this.path ? `${this.path}: ` : '';
    throw new ContentBudgetError(
      `${file}conversion took longer than ${this.maxMs / 1000} s${where ? ` (stopped ${where})` : ''}; the file is not synced. Simplify it or raise the budget.`,
    );
  }
}

/** Throws when the text is over the size budget. */
export function checkSize(text: string, maxChars: number, path: string | undefined): void {
  if (text.length <= maxChars) return;
  const file = path ? `${path}: ` : '';
  throw new ContentBudgetError(
    `${file}${(text.length / 1e6).toFixed(1)} million characters, more than the ${(maxChars / 1e6).toFixed(1)} million one page is converted from; the file is not synced.`,
  );
}

const MAX_RUN = 32;
const MAX_PER_LINE = 1000;
const MAX_INDENT = 64;
const THEMATIC_BREAK = /^ {0,3}([*_-])(?:[ \t]*\1){2,}[ \t]*$/;

function indentWidth(line: string): { chars: number; width: number } {
  let width = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') width++;
    else if (c === '\t') width += 4 - (width % 4);
    else break;
  }
  return { chars: i, width };
}

/** Escapes `*` and `_` outside code spans: all of them, or only those in runs longer than MAX_RUN. */
function escapeDelimiters(line: string, all: boolean): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '`') {
      let n = 1;
      while (line[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      const close = line.indexOf(fence, i + n);
      const end = close >= 0 && line[close + n] !== '`' ? close + n : i + n;
      out += line.slice(i, end);
      i = end;
      continue;
    }
    if (c === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '*' || c === '_') {
      let n = 1;
      while (line[i + n] === c) n++;
      out += all || n > MAX_RUN ? `\\${c}`.repeat(n) : c.repeat(n);
      i += n;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** See the file comment. Returns the source unchanged (same string) when nothing needed a guard. */
export function guardSource(source: string): { text: string; warnings: string[] } {
  // Fast path: no long run, no deep indentation, not many delimiters at all.
  if (!/[*_]{33}|(?:^|\n)[ \t]{16}/.test(source)) {
    let count = 0;
    for (let k = 0; k < source.length && count <= MAX_PER_LINE; k++) {
      const c = source.charCodeAt(k);
      if (c === 42 || c === 95) count++;
    }
    if (count <= MAX_PER_LINE) return { text: source, warnings: [] };
  }
  const lines = source.split('\n');
  // Indentation is only cut in a document that nests a list that deep (code may be indented deeper).
  const deepList = new RegExp(`(?:^|\\n)[ \\t]{${MAX_INDENT + 1},}(?:[-*+]|\\d{1,9}[.)])(?:[ \\t]|$)`, 'm');
  const clamp = deepList.test(source);
  let state: State = { kind: 'none' };
  let escaped = 0;
  let dedented = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const before = state;
    state = step(state, line);
    if (before.kind !== 'none' || state.kind !== 'none') continue;
    let next = line;
    const indent = indentWidth(next);
    if (clamp && indent.width > MAX_INDENT) {
      next = ' '.repeat(MAX_INDENT) + next.slice(indent.chars);
      dedented++;
    }
    if (!THEMATIC_BREAK.test(next)) {
      let count = 0;
      let longRun = false;
      let run = 0;
      for (let k = 0; k < next.length; k++) {
        const c = next.charCodeAt(k);
        if (c === 42 || c === 95) {
          count++;
          run = k > 0 && next.charCodeAt(k - 1) === c ? run + 1 : 1;
          if (run > MAX_RUN) longRun = true;
        }
      }
      if (longRun || count > MAX_PER_LINE) {
        next = escapeDelimiters(next, count > MAX_PER_LINE);
        escaped++;
      }
    }
    lines[i] = next;
  }
  const warnings: string[] = [];
  if (dedented > 0) {
    warnings.push(
      `${dedented} line(s) indented deeper than ${MAX_INDENT} columns (lists nested over ~${MAX_INDENT / 2} levels) were kept at that depth`,
    );
  }
  if (escaped > 0) {
    warnings.push(`${escaped} line(s) with runs of hundreds of * or _ were kept as literal text, not emphasis`);
  }
  return dedented + escaped === 0 ? { text: source, warnings } : { text: lines.join('\n'), warnings };
}
