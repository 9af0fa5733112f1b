// Control over what a capture sends (issue 15, points 6 and 7): sessions kept out by id, title pattern or marker;
// the redactions a capture would make, counted by kind; the commits line of a session's row.
import { redactSecrets } from '../content/redact';
import type { SessionCommit } from './commits';
import type { ChatSession } from './types';

/** A prompt containing this text keeps its whole session out of every capture. */
export const NO_CAPTURE_MARKER = '[no-capture]';

export type ExcludeReason = 'id' | 'title' | 'marker';

function globToRegExp(glob: string): RegExp {
  const src = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`, 'is');
}

/**
 * Why a session is kept out, or undefined. Each `exclude` entry is a session id (the tool's own, exact) or a glob
 * (`*`, `?`, case-insensitive) over the session's redacted title; a prompt containing NO_CAPTURE_MARKER excludes it.
 */
export function excludedBy(session: ChatSession, exclude: readonly string[] = []): ExcludeReason | undefined {
  if (exclude.includes(session.id)) return 'id';
  const title = session.title;
  if (exclude.some((g) => g !== session.id && globToRegExp(g).test(title))) return 'title';
  if (session.messages.some((m) => m.role === 'user' && m.text.includes(NO_CAPTURE_MARKER))) return 'marker';
  return undefined;
}

/** Redactions a capture of this session makes, by kind (title, prompts, replies, thinking, tool calls, models). */
export function redactionsByKind(session: ChatSession): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (text: string | undefined) => {
    if (!text) return;
    for (const f of redactSecrets(text).findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  };
  add(session.title);
  for (const model of session.models) add(model);
  for (const m of session.messages) {
    add(m.text);
    add(m.thinking);
    for (const c of m.toolCalls) {
      add(c.input);
      add(c.output);
    }
  }
  return counts;
}

const ROW_TEXT_LIMIT = 2000;

/** The `Commits` property text: one `shortHash subject` line per commit, redacted, within one rich-text item. */
export function commitsPropertyText(commits: readonly SessionCommit[]): string {
  const lines: string[] = [];
  let used = 0;
  for (let i = 0; i < commits.length; i++) {
    const c = commits[i];
    const line = `${c.shortHash} ${redactSecrets(c.subject).text.replace(/\s+/g, ' ').trim()}`;
    const more = `… and ${commits.length - i} more`;
    if (used + line.length + 1 + more.length + 1 > ROW_TEXT_LIMIT && i < commits.length - 1) {
      lines.push(`… and ${commits.length - i} more`);
      break;
    }
    lines.push(line.slice(0, ROW_TEXT_LIMIT - used - 1));
    used += line.length + 1;
  }
  return lines.join('\n').slice(0, ROW_TEXT_LIMIT);
}
