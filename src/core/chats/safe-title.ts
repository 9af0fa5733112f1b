// Titles leave the machine (Notion row `Name`, tree label, tooltip, capture picker), so they are redacted before
// the first truncation: a key in the first prompt must never reach them.
import { redactSecrets } from '../content/redact';
import { titleFromText } from './transcript';

/** The first of the candidates that gives a one-line title, after secret redaction; undefined when none does. */
export function safeTitle(...candidates: Array<string | undefined>): string | undefined {
  for (const c of candidates) {
    if (!c || !c.trim()) continue;
    const t = titleFromText(redactSecrets(c).text);
    if (t) return t;
  }
  return undefined;
}
