/**
 * Cuts a long markdown document into top-level sections that can be parsed one by one.
 *
 * Why: micromark's container handling (lists, block quotes, setext headings) costs time quadratic in
 * the size of the document — 20 KB of block quotes takes many seconds — while its cost is linear in
 * the number of small documents. A section boundary is a line at column 0 right after a blank line,
 * outside fenced code, math and multi-line HTML blocks: every container is closed there, so parsing the
 * sections apart gives the same tree as parsing the whole (link and footnote definitions are the one
 * document-wide thing; the caller passes them along, see `definitionLines`).
 *
 * Malformed input (a fence closed at a different indentation than a list opened it, say) can make
 * the tracker see a boundary CommonMark would not; the text is then still all there, only split.
 */

export interface Section {
  text: string;
  /** 0-based line of the section's first line in the document. */
  startLine: number;
  /** The section is the document's front matter (nothing may be put before it). */
  frontMatter?: boolean;
}

/** Documents up to this size are parsed whole. */
export const SECTION_THRESHOLD = 4096;
/** Sections are grown to at least this size before a new one starts. */
const SECTION_TARGET = 2048;

export type State = { kind: 'none' } | { kind: 'fence'; char: string; length: number } | { kind: 'html'; end: RegExp };

const HTML_BLOCKS: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?=[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/],
];

/** The state after `line`, given the state before it (fenced code, math, multi-line HTML blocks). */
export function step(state: State, line: string): State {
  if (state.kind === 'fence') {
    const m = /^ {0,3}(`+|~+|\$+)[ \t]*$/.exec(line);
    return m && m[1][0] === state.char && m[1].length >= state.length ? { kind: 'none' } : state;
  }
  if (state.kind === 'html') return state.end.test(line) ? { kind: 'none' } : state;
  const fence = /^ {0,3}(?:(`{3,})[^`]*|(~{3,}).*|(\${2,})[^$]*)$/.exec(line);
  if (fence) {
    const seq = fence[1] ?? fence[2] ?? fence[3];
    return { kind: 'fence', char: seq[0], length: seq.length };
  }
  for (const [open, end] of HTML_BLOCKS) {
    const m = open.exec(line);
    if (m) return end.test(line.slice(m[0].length)) ? state : { kind: 'html', end };
  }
  return state;
}

/** The line after the closing fence of the document's YAML front matter; 0 when there is none. */
function frontMatterEnd(lines: string[]): number {
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return 0;
  const close = lines.findIndex((l, k) => k > 0 && /^---[ \t]*$/.test(l));
  return close > 0 ? close + 1 : 0;
}

/** Sections of a document (one section when it is short). Lines are '\n'-separated. */
export function splitSections(source: string): Section[] {
  if (source.length <= SECTION_THRESHOLD) return [{ text: source, startLine: 0 }];
  const lines = source.split('\n');
  const starts: number[] = [0];
  let i = 0;
  // Front matter stays whole, in a section of its own.
  const fmEnd = frontMatterEnd(lines);
  if (fmEnd > 0) {
    i = fmEnd;
    if (i < lines.length) starts.push(i);
  }
  let state: State = { kind: 'none' };
  let size = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (
      state.kind === 'none' &&
      i > 0 &&
      size >= SECTION_TARGET &&
      /^\S/.test(line) &&
      lines[i - 1].trim() === '' &&
      starts[starts.length - 1] !== i
    ) {
      starts.push(i);
      size = 0;
    }
    state = step(state, line);
    size += line.length + 1;
  }
  return starts.map((start, k) => {
    const section: Section = {
      text: lines.slice(start, k + 1 < starts.length ? starts[k + 1] : lines.length).join('\n'),
      startLine: start,
    };
    if (k === 0 && fmEnd > 0) section.frontMatter = true;
    return section;
  });
}

export interface DefinitionLine {
  /** Normalized label (case-folded, whitespace collapsed), with a leading '^' for footnotes. */
  label: string;
  /** The definition's source line(s). */
  text: string;
  line: number;
}

export function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Link and footnote definition lines of a document (outside code), for passing across sections. */
export function definitionLines(source: string): DefinitionLine[] {
  const lines = source.split('\n');
  const out: DefinitionLine[] = [];
  let state: State = { kind: 'none' };
  for (let i = frontMatterEnd(lines); i < lines.length; i++) {
    const line = lines[i];
    if (state.kind === 'none') {
      const m = /^ {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:(.*)$/.exec(line);
      if (m) {
        const label = normalizeLabel(m[1]);
        if (label.startsWith('^')) {
          out.push({ label, text: `[${m[1]}]: .`, line: i });
        } else {
          const sameLine = m[2].trim() !== '';
          const text = sameLine || i + 1 >= lines.length ? line.trim() : `${line.trim()}\n${lines[i + 1].trim()}`;
          out.push({ label, text, line: i });
        }
      }
    }
    state = step(state, line);
  }
  return out;
}
