// One session, one row (issue 15, point 3): a session captured from its tool's store and the same session kept in
// the repository as a file (SpecStory export, Cursor/Copilot "Export Chat", aider history) are recognised as one.
// Identity: the tool plus the tool's own session id when the file names it (SpecStory v2's session comment, a
// Copilot export's sessionId, aider's start stamp); otherwise the tool plus a fingerprint of the first prompt
// (whitespace-folded, redacted, sha-256) and, where the file records when the chat began, a start within two minutes.
import { createHash } from 'node:crypto';
import { redactSecrets } from '../content/redact';
import type { ChatMessage, ChatSession } from './types';

export interface ChatIdentity {
  tool: string;
  /** the tool's own session id, when known */
  id?: string;
  /** fingerprint of the first prompt */
  prompt?: string;
  /** when the chat began, when the source records it (not an export time) */
  started?: string;
}

const START_SLACK_MS = 2 * 60_000;

/** sha-256 (16 hex) of the first prompt, whitespace folded and redacted — the same for raw and exported text. */
export function promptFingerprint(text: string | undefined): string | undefined {
  const folded = redactSecrets(text ?? '')
    .text.replace(/\s+/g, ' ')
    .trim();
  return folded ? createHash('sha256').update(folded).digest('hex').slice(0, 16) : undefined;
}

export function firstPrompt(messages: readonly ChatMessage[]): string | undefined {
  return messages.find((m) => m.role === 'user' && m.text.trim())?.text;
}

export function sessionIdentity(s: ChatSession): ChatIdentity {
  return {
    tool: s.tool,
    id: s.id,
    prompt: promptFingerprint(firstPrompt(s.messages)),
    started: s.startedAt.startsWith('1970') ? undefined : s.startedAt,
  };
}

/** SpecStory's older files do not say which agent held the chat (file-chats.ts gives them this tool). */
const UNKNOWN_TOOL = 'specstory';

/**
 * Same chat: same tool, and the same session id, or (an id missing on a side) the same first prompt and start.
 * A file of an unknown agent (older SpecStory) is a chat of any tool, but then both starts must be known and agree.
 */
export function sameChat(a: ChatIdentity, b: ChatIdentity): boolean {
  const unknownTool = a.tool === UNKNOWN_TOOL || b.tool === UNKNOWN_TOOL;
  if (a.tool !== b.tool && !unknownTool) return false;
  if (a.id !== undefined && b.id !== undefined && !unknownTool) return a.id === b.id;
  if (!a.prompt || a.prompt !== b.prompt) return false;
  if (!a.started || !b.started) return !unknownTool;
  return Math.abs(Date.parse(a.started) - Date.parse(b.started)) <= START_SLACK_MS;
}
