// Cursor's legacy chat panel (≤ 0.42) in a workspace state DB: `workbench.panel.aichat.view.aichat.chatdata`
// (`tabs[].bubbles[]`, one session per tab) and `aiService.prompts` (prompts only). See cursor.ts for the stores.
import { maxIso, minIso, toIso } from './dates';
import { arr, isRecord, str } from './json';
import { finishSession, TranscriptBuilder } from './transcript';
import type { ChatSession } from './types';
import type { MatchedWorkspace } from './workspace-storage';

/** Legacy chat panel (≤ 0.42): one session per tab. */
export function legacyTabs(data: unknown, file: string, folder: string): ChatSession[] {
  if (!isRecord(data)) return [];
  const out: ChatSession[] = [];
  for (const tab of arr(data.tabs)) {
    if (!isRecord(tab)) continue;
    const b = new TranscriptBuilder();
    const models: string[] = [];
    for (const bubble of arr(tab.bubbles)) {
      if (!isRecord(bubble)) continue;
      const text = str(bubble.text) || str(bubble.rawText) || str(bubble.initText) || '';
      const ts = toIso(bubble.timestamp) ?? toIso(bubble.createdAt);
      if (bubble.type === 'user') b.user(text, ts);
      else if (bubble.type === 'ai') {
        const model = str(bubble.modelType);
        if (model && !models.includes(model)) models.push(model);
        b.assistantText(text, ts, model);
      }
    }
    const last = toIso(tab.lastSendTime);
    const s = finishSession({
      tool: 'cursor',
      id: str(tab.tabId) ?? `tab-${out.length}`,
      title: str(tab.chatTitle),
      workspaceFolder: folder,
      startedAt: last,
      updatedAt: last,
      models,
      messages: b.messages,
      sources: [file],
    });
    if (s) out.push(s);
  }
  return out;
}

/** `aiService.prompts` alone (user prompts, no answers): one session per workspace, times from `aiService.generations`. */
export function legacyPrompts(
  prompts: unknown,
  generations: unknown,
  file: string,
  ws: MatchedWorkspace,
): ChatSession | undefined {
  const list = arr(prompts).filter(isRecord);
  if (!list.length) return undefined;
  const times = new Map<string, string>();
  for (const g of arr(generations)) {
    if (!isRecord(g)) continue;
    const t = str(g.textDescription);
    const at = toIso(g.unixMs);
    if (t && at && !times.has(t)) times.set(t, at);
  }
  const b = new TranscriptBuilder();
  let started: string | undefined;
  let updated: string | undefined;
  for (const pr of list) {
    const text = str(pr.text) ?? '';
    const at = times.get(text);
    started = minIso(started, at);
    updated = maxIso(updated, at);
    b.user(text, at);
  }
  return finishSession({
    tool: 'cursor',
    id: `prompts-${ws.hash}`,
    title: 'Cursor prompt history (legacy, prompts only)',
    workspaceFolder: ws.folder,
    startedAt: started,
    updatedAt: updated,
    messages: b.messages,
    sources: [file],
  });
}
