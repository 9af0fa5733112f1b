// JSON Lines: one record per line; malformed and truncated lines are skipped with one warning per file.
import { isRecord, stripBom, type Json } from './json';
import type { ReaderContext } from './reader-context';

export interface JsonlLine {
  line: number;
  value: Json;
}

/**
 * Parses JSONL text. Lines that are not JSON objects are skipped with one warning per file (a truncated last line —
 * a write in progress — is named as such); everything else is returned.
 */
export function parseJsonl(text: string, file: string, ctx: ReaderContext): JsonlLine[] {
  const out: JsonlLine[] = [];
  const lines = stripBom(text).split('\n');
  const bad: number[] = [];
  let truncatedLast = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    try {
      const v: unknown = JSON.parse(raw);
      if (isRecord(v)) out.push({ line: i + 1, value: v });
      else bad.push(i + 1);
    } catch {
      if (i === lines.length - 1 && !text.endsWith('\n')) truncatedLast = true;
      else bad.push(i + 1);
    }
  }
  if (truncatedLast)
    ctx.warn(file, `skipped a truncated last line (line ${lines.length}); the rest of the file was read`);
  if (bad.length) {
    ctx.warn(
      file,
      `skipped ${bad.length} malformed line${bad.length > 1 ? 's' : ''} (line ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''})`,
    );
  }
  return out;
}
