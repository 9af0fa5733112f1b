/**
 * Rich text (request or response items) → inline markdown, the inverse of markdown.ts's `phrasing`:
 * bold `**`, italic `*`, strikethrough `~~`, code spans, `$…$` equations and `[…](url)` links.
 * Underline and colours have no markdown form and are dropped (formatting only). Text is escaped
 * so that parsing the result gives the same text back. One thing escaping cannot keep: GFM links
 * bare URLs and e-mail addresses after parsing (mdast-util-gfm-autolink-literal works on the parsed
 * text), so a URL typed in Notion without a link comes back linked: a formatting-only change.
 */

type Mark = 'bold' | 'italic' | 'strike' | `link:${string}`;

interface Run {
  kind: 'text' | 'equation';
  text: string;
  code: boolean;
  marks: Mark[];
}

interface RawItem {
  type?: string;
  plain_text?: string;
  href?: string | null;
  text?: { content?: string; link?: { url?: string } | null };
  equation?: { expression?: string };
  annotations?: { bold?: boolean; italic?: boolean; strikethrough?: boolean; code?: boolean };
}

/** True when some item is a mention (a page, user, date, …): markdown has no form for it. */
export function hasMention(items: readonly unknown[] | undefined): boolean {
  return (items ?? []).some((i) => (i as RawItem).type === 'mention');
}

function runsOf(items: readonly unknown[]): Run[] {
  const runs: Run[] = [];
  for (const raw of items) {
    const item = raw as RawItem;
    const a = item.annotations ?? {};
    if (item.type === 'equation') {
      const expression = item.equation?.expression ?? item.plain_text ?? '';
      if (expression !== '') runs.push({ kind: 'equation', text: expression, code: false, marks: [] });
      continue;
    }
    const text = item.text?.content ?? item.plain_text ?? '';
    if (text === '') continue;
    const marks: Mark[] = [];
    const link = item.text?.link?.url ?? (item.type === 'text' ? undefined : (item.href ?? undefined));
    if (link) marks.push(`link:${link}`);
    if (a.bold) marks.push('bold');
    if (a.italic) marks.push('italic');
    if (a.strikethrough) marks.push('strike');
    runs.push({ kind: 'text', text, code: a.code === true, marks });
  }
  return runs;
}

const OPEN: Record<string, string> = { bold: '**', italic: '*', strike: '~~' };

function openDelim(mark: Mark): string {
  return mark.startsWith('link:') ? '[' : OPEN[mark];
}

function closeDelim(mark: Mark): string {
  if (!mark.startsWith('link:')) return OPEN[mark];
  const url = mark.slice(5).replace(/[\\()]/g, (c) => `\\${c}`);
  return `](${url.includes(' ') ? url.replace(/ /g, '%20') : url})`;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

export interface InlineOptions {
  /** Inside a table cell: `|` escaped and line breaks written as `<br>`. */
  table?: boolean;
  /** Headings: line breaks written as `<br>` (a heading is one line). */
  singleLine?: boolean;
}

/**
 * Escapes plain text for markdown. `lineStart` says the text starts a line, where block markers
 * (`#`, `-`, `1.`, `>`) would start a construct.
 */
function escapeText(text: string, before: string, after: string, lineStart: boolean, table: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const prev = i === 0 ? before : text[i - 1];
    const next = i === text.length - 1 ? after : text[i + 1];
    if ('\\`*[]<~$'.includes(c)) out += `\\${c}`;
    else if (c === '|' && table) out += '\\|';
    else if (c === '_') out += isWordChar(prev) && isWordChar(next) ? '_' : '\\_';
    else if (c === '&' && /^&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(text.slice(i))) out += '\\&';
    else out += c;
  }
  if (lineStart) out = escapeLineStart(out);
  return out;
}

/** Escapes what would start a block construct at the beginning of a line. */
export function escapeLineStart(line: string): string {
  if (/^(?:#{1,6}(?:[ \t]|$)|[>+=-])/.test(line)) return `\\${line}`;
  const m = /^(\d{1,9})([.)])/.exec(line);
  if (m) return `${m[1]}\\${m[2]}${line.slice(m[0].length)}`;
  return line;
}

function codeSpan(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (/^ .*[^ ].* $/s.test(text) && text.length > 2) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** How many runs from `from` on carry `mark`. */
function persistence(runs: Run[], from: number, mark: Mark): number {
  let n = 0;
  while (from + n < runs.length && runs[from + n].marks.includes(mark)) n++;
  return n;
}

/**
 * Whitespace never starts or ends a mark in markdown (`** a**` is not bold): a run's leading and
 * trailing whitespace takes only the marks its neighbours share.
 */
function splitWhitespace(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (run.kind !== 'text' || run.code) {
      out.push(run);
      continue;
    }
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(run.text)!;
    if (m[1]) out.push({ ...run, text: m[1], marks: [] });
    if (m[2]) out.push({ ...run, text: m[2] });
    if (m[3]) out.push({ ...run, text: m[3], marks: [] });
  }
  // A whitespace run keeps a mark only when the runs on both sides have it.
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    if (r.kind !== 'text' || r.code || r.text.trim() !== '') continue;
    const prev = out
      .slice(0, i)
      .reverse()
      .find((x) => x.kind !== 'text' || x.code || x.text.trim() !== '');
    const next = out.slice(i + 1).find((x) => x.kind !== 'text' || x.code || x.text.trim() !== '');
    r.marks = prev && next ? prev.marks.filter((mk) => next.marks.includes(mk)) : [];
  }
  return out;
}

function entities(ws: string): string {
  return ws.replace(/ /g, '&#32;').replace(/\t/g, '&#9;');
}

/** Inline markdown for a rich-text array. Line breaks ("\n") become `\` + newline (or `<br>`). */
export function richTextToMarkdown(items: readonly unknown[] | undefined, options: InlineOptions = {}): string {
  const runs = splitWhitespace(runsOf(items ?? []));
  const stack: Mark[] = [];
  let out = '';
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    // Close down to the first mark this run does not carry.
    let keep = 0;
    while (keep < stack.length && run.marks.includes(stack[keep])) keep++;
    while (stack.length > keep) out += closeDelim(stack.pop()!);
    const missing = run.marks.filter((m) => !stack.includes(m));
    missing.sort((x, y) => persistence(runs, i, y) - persistence(runs, i, x));
    for (const m of missing) {
      out += openDelim(m);
      stack.push(m);
    }
    if (run.kind === 'equation') {
      out += `$${run.text}$`;
    } else if (run.code) {
      out += codeSpan(run.text.replace(/\n/g, ' '));
    } else {
      const nextRun = runs[i + 1];
      const after = nextRun && nextRun.kind === 'text' && !nextRun.code ? nextRun.text[0] : '';
      const lines = run.text.split('\n');
      out += lines
        .map((line, k) => {
          const lineStart = k > 0 || out === '' || /\n$/.test(out);
          return escapeText(
            line,
            k === 0 ? out.slice(-1) : '',
            k === lines.length - 1 ? after : '',
            lineStart,
            !!options.table,
          );
        })
        .join('\u0000');
    }
  }
  while (stack.length > 0) out += closeDelim(stack.pop()!);
  // Whitespace at the edges of a block's text would be stripped by the parser: keep it as references.
  // NUL marks line breaks until here (sanitized text has none).
  // eslint-disable-next-line no-control-regex
  out = out.replace(/^[ \t]+|[ \t]+$/g, entities).replace(/\u0000[ \t]+/g, (m) => '\u0000' + entities(m.slice(1)));
  // Line breaks: `<br>` where a line cannot break (tables, headings) or nothing follows the break.
  const brOnly = options.table || options.singleLine;
  // eslint-disable-next-line no-control-regex
  return out.replace(/\u0000(?=([\s\S]?))/g, (_m, next: string) => (brOnly || next === '' ? '<br>' : '\\\n'));
}
