import type { ChatSession } from '../chats';
import { countMessages, exportFileName } from '../chats';
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
