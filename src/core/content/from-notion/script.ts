import type { Block } from '../types';

/**
 * A script page → the script text. The push (script.ts) sends the file without its byte-order mark,
 * with LF line endings, without its last newline and without control characters: those are not in
 * Notion. They are kept in the base (the file as last synced): `scriptEnvelope` reads them from it,
 * and `notionToScript` puts them back around Notion's code.
 */

export interface ScriptEnvelope {
  bom: boolean;
  eol: '\n' | '\r\n';
  /** The file ended with a line break. */
  finalNewline: boolean;
}

export const DEFAULT_ENVELOPE: ScriptEnvelope = { bom: false, eol: '\n', finalNewline: true };

/** What the push drops from `text` (a file's text as read, BOM included), to put back on pull. */
export function scriptEnvelope(text: string): ScriptEnvelope {
  const bom = text.charCodeAt(0) === 0xfeff;
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  return { bom, eol: crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n', finalNewline: text === '' || /\n$/.test(text) };
}

function codeText(block: Block): string {
  const items = ((block.code as { rich_text?: unknown[] } | undefined)?.rich_text ?? []) as Array<{
    plain_text?: string;
    text?: { content?: string };
  }>;
  return items.map((i) => i.plain_text ?? i.text?.content ?? '').join('');
}

/** The code of a script page: its top-level code blocks joined by line breaks (the summary paragraph is not code). */
export function scriptCodeOf(blocks: readonly Block[]): string {
  return blocks
    .filter((b) => b.type === 'code')
    .map(codeText)
    .join('\n');
}

/** The script file a page stands for, in the line endings, BOM and final newline of `envelope`. */
export function notionToScript(blocks: readonly Block[], envelope: ScriptEnvelope = DEFAULT_ENVELOPE): string {
  const code = scriptCodeOf(blocks);
  let text = code.replace(/\n/g, envelope.eol);
  if (envelope.finalNewline && code !== '') text += envelope.eol;
  return (envelope.bom ? '\uFEFF' : '') + text;
}
