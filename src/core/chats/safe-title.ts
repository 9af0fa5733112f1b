// Titles leave the machine (Notion row `Name`, tree label, tooltip, capture picker), so they are redacted before
// the first truncation: a key in the first prompt must never reach them.
import { redactSecrets } from '../content/redact';
import type { ChatSession } from './types';
import { titleFromText } from './util';

/** The first of the candidates that gives a one-line title, after secret redaction; undefined when none does. */
export function safeTitle(...candidates: Array<string | undefined>): string | undefined {
  for (const c of candidates) {
    if (!c || !c.trim()) continue;
    const t = titleFromText(redactSecrets(c).text);
    if (t) return t;
  }
  return undefined;
}

/**
 * A session's title, redacted, for every reader (findSessions applies it to all sessions): a title the reader built
 * from the first prompt is rebuilt from the untruncated prompt, so a key cut at the 80-character limit cannot survive
 * as a fragment; any other title (the tool's own) is redacted as it is.
 */
export function redactedTitle(s: Pick<ChatSession, 'title' | 'messages'>): string {
  const first = s.messages.find((m) => m.role === 'user' && m.text.trim())?.text;
  if (first && titleFromText(first) === s.title) return safeTitle(first) ?? s.title;
  return safeTitle(s.title) ?? s.title;
}
