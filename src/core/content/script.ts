import { codeBlocks } from './blocks';
import { languageForPath, languageForShebang } from './languages';
import { LIMITS } from './limits';
import { sanitizeText, truncateText } from './richtext';
import type { NotionCodeLanguage, ScriptResult } from './types';

/**
 * A script file → the whole file in code blocks of the file's language, cut at line boundaries when
 * one block cannot hold it, and a summary (its leading docstring or comment) for the `Summary`
 * property. The summary is not put on the page as well: the code already shows it.
 */

type CommentStyle = 'hash' | 'slash' | 'dash' | 'percent' | 'semicolon' | 'html' | 'none';

const STYLE: Partial<Record<NotionCodeLanguage, CommentStyle>> = {
  python: 'hash',
  shell: 'hash',
  bash: 'hash',
  ruby: 'hash',
  perl: 'hash',
  r: 'hash',
  yaml: 'hash',
  toml: 'hash',
  makefile: 'hash',
  docker: 'hash',
  powershell: 'hash',
  elixir: 'hash',
  nix: 'hash',
  julia: 'hash',
  hcl: 'hash',
  coffeescript: 'hash',
  graphql: 'hash',
  'plain text': 'hash',
  javascript: 'slash',
  typescript: 'slash',
  go: 'slash',
  c: 'slash',
  'c++': 'slash',
  'c#': 'slash',
  java: 'slash',
  kotlin: 'slash',
  rust: 'slash',
  swift: 'slash',
  scala: 'slash',
  dart: 'slash',
  php: 'slash',
  groovy: 'slash',
  'objective-c': 'slash',
  'f#': 'slash',
  solidity: 'slash',
  css: 'slash',
  scss: 'slash',
  less: 'slash',
  sass: 'slash',
  protobuf: 'slash',
  glsl: 'slash',
  flow: 'slash',
  arduino: 'slash',
  verilog: 'slash',
  reason: 'slash',
  'java/c/c++/c#': 'slash',
  json: 'slash',
  sql: 'dash',
  lua: 'dash',
  haskell: 'dash',
  elm: 'dash',
  purescript: 'dash',
  vhdl: 'dash',
  idris: 'dash',
  agda: 'dash',
  dhall: 'dash',
  latex: 'percent',
  matlab: 'percent',
  erlang: 'percent',
  prolog: 'percent',
  lisp: 'semicolon',
  clojure: 'semicolon',
  scheme: 'semicolon',
  racket: 'semicolon',
  assembly: 'semicolon',
  html: 'html',
  xml: 'html',
  markdown: 'html',
  markup: 'html',
};

const LINE_PREFIX: Record<Exclude<CommentStyle, 'html' | 'none'>, RegExp> = {
  hash: /^\s*#(?!!)/,
  slash: /^\s*\/\/[/!]?/,
  dash: /^\s*--(?!\[)/,
  percent: /^\s*%+/,
  semicolon: /^\s*;+/,
};

/** Comment lines that are tool directives, not prose (`# -*- coding -*-`, `// @ts-check`, `//go:build`, …). */
const DIRECTIVE =
  /^(?:-\*-.*-\*-|(?:vim?|ex):|coding[:=]|encoding:|frozen_string_literal:|shellcheck\s|eslint|@ts-|prettier-ignore|jshint|global\s|go:|\+build\b|#region|#endregion|region\b|endregion\b|pylint:|type:\s|noqa|fmt:|isort:|requires\s|#requires\s|nolint|!\/|\[\[|\]\])/i;

/** A license header is not a summary. */
const LICENSE =
  /^(?:copyright\b|\(c\)|©|spdx-license-identifier:|@license\b|licensed\s+(?:under|to)\b|this\s+(?:file|program|software)\s+is\s+(?:free\s+software|licensed|part\s+of))/i;

function stripShebang(lines: string[]): string[] {
  return lines.length > 0 && lines[0].startsWith('#!') ? lines.slice(1) : lines;
}

function skipBlank(lines: string[], i: number): number {
  while (i < lines.length && lines[i].trim() === '') i++;
  return i;
}

function tidy(lines: string[]): string | undefined {
  // Drop leading/trailing empty lines and the common indentation; keep paragraph breaks.
  const kept = lines.map((l) => l.replace(/\s+$/, ''));
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  if (kept.length === 0) return undefined;
  const indents = kept.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const common = Math.min(...indents);
  const text = kept
    .map((l) => l.slice(common))
    .join('\n')
    .trim();
  if (text === '' || /^[\s\-=*#/_~+]+$/.test(text) || LICENSE.test(text)) return undefined;
  return text;
}

/** Consecutive line comments at `start` (blank lines inside end the block), directives skipped. */
function lineComments(lines: string[], start: number, prefix: RegExp): { text?: string; next: number } {
  let i = start;
  const body: string[] = [];
  while (i < lines.length) {
    const m = prefix.exec(lines[i]);
    if (!m) break;
    const content = lines[i].slice(m[0].length).replace(/^ /, '');
    if (!(body.length === 0 && DIRECTIVE.test(content.trim()))) body.push(content);
    i++;
  }
  // Drop decorative rulers (#####, //-----).
  return { text: tidy(body.filter((l) => !/^[\s\-=*#/_~+]{3,}$/.test(l))), next: i };
}

/** A block comment opening at `start` with `open` and closing with `close`. */
function blockComment(
  lines: string[],
  start: number,
  open: RegExp,
  close: string,
): { text?: string; next: number } | undefined {
  const first = lines[start];
  const m = open.exec(first);
  if (!m) return undefined;
  const body: string[] = [];
  let rest = first.slice(m[0].length);
  let i = start;
  for (;;) {
    const end = rest.indexOf(close);
    if (end >= 0) {
      body.push(rest.slice(0, end));
      break;
    }
    body.push(rest);
    i++;
    if (i >= lines.length) break;
    rest = lines[i];
  }
  return { text: tidy(body), next: i + 1 };
}

function cStyle(lines: string[], style: CommentStyle): string | undefined {
  let i = skipBlank(lines, 0);
  // Skip directive prologues: 'use strict', build tags, leading directive comments.
  for (let guard = 0; guard < 50 && i < lines.length; guard++) {
    const line = lines[i].trim();
    if (/^['"]use (strict|client|server)['"];?$/.test(line) || /^<\?php\b/.test(line)) {
      i = skipBlank(lines, i + 1);
      continue;
    }
    if (style === 'slash' || style === 'html') {
      const block =
        style === 'html' ? blockComment(lines, i, /^\s*<!--/, '-->') : blockComment(lines, i, /^\s*\/\*+!?/, '*/');
      if (block) {
        const text = block.text
          ?.split('\n')
          .map((l) => l.replace(/^\s*\*(?!\/) ?/, ''))
          .join('\n');
        const cleaned = text ? tidy(text.split('\n')) : undefined;
        if (cleaned && !DIRECTIVE.test(cleaned)) return cleaned;
        i = skipBlank(lines, block.next);
        continue;
      }
    }
    if (style !== 'html' && style !== 'none') {
      const prefix = LINE_PREFIX[style];
      if (prefix.test(lines[i])) {
        const run = lineComments(lines, i, prefix);
        if (run.text) return run.text;
        i = skipBlank(lines, run.next);
        continue;
      }
    }
    break;
  }
  return undefined;
}

const PY_DOCSTRING = /^\s*[rRuUbB]{0,2}("""|''')/;

function pythonSummary(lines: string[]): string | undefined {
  let i = skipBlank(lines, 0);
  let comment: string | undefined;
  while (i < lines.length && LINE_PREFIX.hash.test(lines[i])) {
    const run = lineComments(lines, i, LINE_PREFIX.hash);
    comment ??= run.text;
    i = skipBlank(lines, run.next);
  }
  const m = i < lines.length ? PY_DOCSTRING.exec(lines[i]) : null;
  if (m) {
    const quote = m[1];
    const doc = blockComment(lines, i, new RegExp(`^\\s*[rRuUbB]{0,2}${quote}`), quote);
    if (doc?.text) return doc.text;
  }
  return comment;
}

function powershellSummary(lines: string[]): string | undefined {
  let i = skipBlank(lines, 0);
  for (let guard = 0; guard < 50 && i < lines.length; guard++) {
    const block = blockComment(lines, i, /^\s*<#/, '#>');
    if (block) {
      const text = block.text
        ?.split('\n')
        .filter((l) => !/^\s*\.(SYNOPSIS|DESCRIPTION)\s*$/i.test(l))
        .join('\n');
      const cleaned = text ? tidy(text.split('\n')) : undefined;
      if (cleaned) return cleaned;
      i = skipBlank(lines, block.next);
      continue;
    }
    if (LINE_PREFIX.hash.test(lines[i])) {
      const run = lineComments(lines, i, LINE_PREFIX.hash);
      if (run.text) return run.text;
      i = skipBlank(lines, run.next);
      continue;
    }
    break;
  }
  return undefined;
}

function rubySummary(lines: string[]): string | undefined {
  let i = skipBlank(lines, 0);
  for (let guard = 0; guard < 50 && i < lines.length; guard++) {
    if (/^=begin\b/.test(lines[i])) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^=end\b/.test(lines[i])) body.push(lines[i++]);
      const text = tidy(body);
      if (text) return text;
      i = skipBlank(lines, i + 1);
      continue;
    }
    if (LINE_PREFIX.hash.test(lines[i])) {
      const run = lineComments(lines, i, LINE_PREFIX.hash);
      if (run.text) return run.text;
      i = skipBlank(lines, run.next);
      continue;
    }
    break;
  }
  return undefined;
}

/**
 * The leading docstring or comment of a script, without comment markers, or undefined.
 * Shebang and tool directives (encoding lines, `// @ts-check`, `//go:build`, …) are skipped.
 */
export function scriptSummary(text: string, language: NotionCodeLanguage): string | undefined {
  const lines = stripShebang(sanitizeText(text).split('\n'));
  let summary: string | undefined;
  if (language === 'python') summary = pythonSummary(lines);
  else if (language === 'powershell') summary = powershellSummary(lines);
  else if (language === 'ruby') summary = rubySummary(lines);
  else summary = cStyle(lines, STYLE[language] ?? 'hash');
  return summary === undefined ? undefined : truncateText(summary, LIMITS.summaryChars);
}

/** A script file → `{ blocks: [code blocks…], language, summary?, lineCount }`. */
export function scriptToBlocks(relPath: string, text: string): ScriptResult {
  const code = sanitizeText((text ?? '').replace(/^\uFEFF/, ''));
  let language = languageForPath(relPath);
  if (language === 'plain text') language = languageForShebang(code.split('\n', 1)[0]) ?? language;
  const lineCount = code === '' ? 0 : code.replace(/\n$/, '').split('\n').length;
  const summary = scriptSummary(code, language);
  // The docstring is not repeated above the code: it is in the code itself and in the Summary property.
  const blocks = codeBlocks(code.replace(/\n$/, ''), language);
  const result: ScriptResult = { blocks, language, lineCount };
  if (summary) result.summary = summary;
  return result;
}
