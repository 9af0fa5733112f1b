// Secrets never leave the machine through a session's labels. A title comes from the first prompt, so a key pasted
// there would otherwise reach the Notion row's Name, the tree label and tooltip, the capture picker and `chats list`.
// The labels (title, models, tool-call names) are redacted here, once, for every reader; the transcript text is
// redacted where it is rendered (markdown.ts, content/chat.ts) — redacting every body at listing time would cost
// ~0.2 s per MB of transcripts on every refresh. Session ids are kept: they are the tool's own keys, and two ids
// redacted to the same placeholder would merge sessions.
import { redactSecrets } from '../content/redact';
import type { ChatSession } from './types';

function clean(text: string): string {
  return text ? redactSecrets(text).text : text;
}

/** Redacts the labels of `s` in place and returns it. */
export function redactSessionLabels(s: ChatSession): ChatSession {
  s.title = clean(s.title);
  s.models = s.models.map(clean);
  for (const m of s.messages) {
    if (m.model) m.model = clean(m.model);
    for (const c of m.toolCalls) c.name = clean(c.name);
  }
  return s;
}
