import type { ChatSession, ChatTool } from '../chats';
import { TOOL_LABELS, countMessages, exportFileName } from '../chats';
import type { ExcludeReason } from '../chats/capture-control';
import { redactionsByKind } from '../chats/capture-control';
import type { CaptureReport } from './capture';

/** `chats capture --dry-run`: sessions, messages and redactions by kind; reads only, writes nothing. */
export function previewCapture(
  sessions: ChatSession[],
  excluded: Map<ChatSession, ExcludeReason>,
  report: CaptureReport,
): CaptureReport {
  const preview = { sessions: 0, messages: 0, redactions: {} as Record<string, number> };
  for (const s of sessions) {
    const entry: CaptureReport['sessions'][number] = {
      tool: s.tool,
      id: s.id,
      title: s.title,
      path: exportFileName(s),
      action: 'preview',
    };
    report.sessions.push(entry);
    const why = excluded.get(s);
    if (why) {
      entry.action = 'excluded';
      entry.excluded = why;
      report.excluded++;
      continue;
    }
    entry.messages = countMessages(s);
    entry.redactions = redactionsByKind(s);
    preview.sessions++;
    preview.messages += entry.messages;
    for (const [kind, n] of Object.entries(entry.redactions))
      preview.redactions[kind] = (preview.redactions[kind] ?? 0) + n;
  }
  report.preview = preview;
  report.notion = { written: false };
  return report;
}

/** What the first push of one or more tools to Notion would send (issue 15, point 6). */
export interface FirstPushPreview {
  /** per tool pushed for the first time: sessions, prompts + replies, redactions by kind */
  tools: Array<{ tool: ChatTool; sessions: number; messages: number; redactions: Record<string, number> }>;
  sessions: Array<{ tool: ChatTool; id: string; title: string; messages: number; redactions: Record<string, number> }>;
}

/**
 * Asked before the first push of a tool: true sends the sessions of `preview.tools`, false holds them back (no
 * export written, nothing sent). Without one, a capture never pushes a tool's first sessions.
 */
export type ConfirmFirstPush = (preview: FirstPushPreview) => Promise<boolean> | boolean;

/**
 * The sessions a capture holds back because their tool has never been pushed for this workspace (no row of this
 * workspace in Agent Chats carries that `Tool`) and the push was not confirmed. The rows, not a local file, decide:
 * they are what a teammate and every machine see, so a tool is confirmed once per workspace.
 */
export async function holdFirstPushes(
  sessions: ChatSession[],
  excluded: Map<ChatSession, ExcludeReason>,
  pushedTools: ReadonlySet<string>,
  confirm: ConfirmFirstPush | undefined,
): Promise<{ held: Set<ChatSession>; firstPush?: FirstPushPreview & { confirmed: boolean } }> {
  const first = sessions.filter((s) => !excluded.has(s) && !pushedTools.has(s.tool));
  if (first.length === 0) return { held: new Set() };
  const preview: FirstPushPreview = { tools: [], sessions: [] };
  for (const s of first) {
    const messages = countMessages(s);
    const redactions = redactionsByKind(s);
    preview.sessions.push({ tool: s.tool, id: s.id, title: s.title, messages, redactions });
    let t = preview.tools.find((x) => x.tool === s.tool);
    if (!t) preview.tools.push((t = { tool: s.tool, sessions: 0, messages: 0, redactions: {} }));
    t.sessions++;
    t.messages += messages;
    for (const [kind, n] of Object.entries(redactions)) t.redactions[kind] = (t.redactions[kind] ?? 0) + n;
  }
  const confirmed = confirm ? (await confirm(preview)) === true : false;
  return { held: confirmed ? new Set() : new Set(first), firstPush: { ...preview, confirmed } };
}

/** The preview as lines for a person: one per tool, then one per session. */
export function firstPushLines(preview: FirstPushPreview): string[] {
  const kinds = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return [
    ...preview.tools.map(
      (t) =>
        `${TOOL_LABELS[t.tool] ?? t.tool}: ${t.sessions} session${t.sessions === 1 ? '' : 's'}, ${t.messages} messages, redactions: ${kinds(t.redactions)}`,
    ),
    ...preview.sessions.map(
      (s) => `  ${s.tool} ${s.title} (${s.id}): ${s.messages} messages, redactions: ${kinds(s.redactions)}`,
    ),
  ];
}
