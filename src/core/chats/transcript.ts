// The transcript builder that folds a tool's records into prompts and replies, and the step that completes a
// session (title, times, models) from them.
import { redactSecrets } from '../content/redact';
import { maxIso, minIso } from './dates';
import type { ChatMessage, ChatSession, ChatTool, ToolCall } from './types';

/** A one-line title from a prompt: first non-empty line, whitespace collapsed, at most 80 characters. */
export function titleFromText(text: string | undefined, max = 80): string | undefined {
  if (!text) return undefined;
  const line = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .find((l) => l.length > 0);
  if (!line) return undefined;
  return line.length > max ? line.slice(0, max - 1).trimEnd() + '…' : line;
}

interface PendingCall extends ToolCall {
  id?: string;
}

/**
 * Folds a stream of events into ChatMessages: each `user()` starts a prompt; every assistant event (text, tool call,
 * tool result, thinking) until the next prompt goes into ONE assistant reply.
 */
export class TranscriptBuilder {
  readonly messages: ChatMessage[] = [];
  private readonly calls = new Map<string, PendingCall>();

  user(text: string, timestamp?: string): void {
    const t = text.trim();
    if (!t) return;
    this.messages.push({ role: 'user', text: t, timestamp, toolCalls: [] });
  }

  private current(timestamp?: string, model?: string): ChatMessage {
    const last = this.messages[this.messages.length - 1];
    if (last && last.role === 'assistant') {
      if (!last.timestamp && timestamp) last.timestamp = timestamp;
      if (model && !last.model) last.model = model;
      return last;
    }
    const m: ChatMessage = { role: 'assistant', text: '', toolCalls: [] };
    if (timestamp) m.timestamp = timestamp;
    if (model) m.model = model;
    this.messages.push(m);
    return m;
  }

  assistantText(text: string, timestamp?: string, model?: string): void {
    const t = text.trim();
    if (!t) return;
    const m = this.current(timestamp, model);
    m.text = m.text ? `${m.text}\n\n${t}` : t;
  }

  thinking(text: string, timestamp?: string, model?: string): void {
    const t = text.trim();
    if (!t) return;
    const m = this.current(timestamp, model);
    m.thinking = m.thinking ? `${m.thinking}\n\n${t}` : t;
  }

  toolCall(
    call: { id?: string; name: string; input: string; output?: string; isError?: boolean },
    timestamp?: string,
    model?: string,
  ): void {
    const m = this.current(timestamp, model);
    const tc: ToolCall = { name: call.name || 'tool', input: call.input };
    if (call.output !== undefined) tc.output = call.output;
    if (call.isError) tc.isError = true;
    m.toolCalls.push(tc);
    if (call.id) this.calls.set(call.id, tc);
  }

  /** Attaches a result to the call with this id; returns false if no such call was seen. */
  toolResult(id: string | undefined, output: string, isError?: boolean): boolean {
    const tc = id ? this.calls.get(id) : undefined;
    if (!tc) return false;
    tc.output = tc.output ? `${tc.output}\n${output}` : output;
    if (isError) tc.isError = true;
    return true;
  }

  hasCall(id: string | undefined): boolean {
    return !!id && this.calls.has(id);
  }
}

export interface SessionDraft {
  tool: ChatTool;
  id: string;
  title?: string;
  workspaceFolder: string;
  startedAt?: string;
  updatedAt?: string;
  models?: string[];
  messages: ChatMessage[];
  sources: string[];
}

/** Completes a draft (title, times, models from the messages); undefined when it holds no prompt and no reply. */
export function finishSession(d: SessionDraft): ChatSession | undefined {
  const messages = d.messages.filter((m) => m.text.trim() || m.toolCalls.length || m.thinking);
  if (!messages.some((m) => m.role === 'user' || m.text.trim())) return undefined;
  let started = d.startedAt;
  let updated = d.updatedAt;
  for (const m of messages) {
    started = minIso(started, m.timestamp);
    updated = maxIso(updated, m.timestamp);
  }
  const models: string[] = [];
  for (const m of [...(d.models ?? []), ...messages.map((x) => x.model)]) {
    if (m && isRealModel(m) && !models.includes(m)) models.push(m);
  }
  const firstPrompt = messages.find((m) => m.role === 'user')?.text;
  // Redacted BEFORE it is cut to one line of 80 characters: a key cut in half would no longer be recognised.
  const title =
    titleFromText(redactTitleSource(d.title)) ??
    titleFromText(redactTitleSource(firstPrompt)) ??
    `${d.tool} session ${d.id.slice(0, 8)}`;
  const epoch = new Date(0).toISOString();
  return {
    tool: d.tool,
    id: d.id,
    title,
    workspaceFolder: d.workspaceFolder,
    startedAt: started ?? updated ?? epoch,
    updatedAt: updated ?? started ?? epoch,
    models,
    messages,
    sources: [...new Set(d.sources)],
  };
}

function redactTitleSource(text: string | undefined): string | undefined {
  return text ? redactSecrets(text).text : text;
}

/** Placeholders that are not model names (Claude Code's `<synthetic>`, Cursor's picker `default`). */
export function isRealModel(m: string): boolean {
  return !!m && m !== '<synthetic>' && m !== 'default' && m !== 'unknown';
}
