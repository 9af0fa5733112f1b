// One Cursor composer (a session) → ChatSession: bubbles ordered by `fullConversationHeadersOnly` (or the inline
// `conversation[]` of older builds); bubble `type` 1 = user prompt, 2 = assistant; consecutive assistant bubbles
// (text, `thinking.text`, `toolFormerData` tool calls with `params|rawArgs` and `result`) form one reply.
import { toIso } from './dates';
import { type Json, arr, compactInput, isRecord, str } from './json';
import { TranscriptBuilder, finishSession, isRealModel } from './transcript';
import type { ChatSession } from './types';

function bubbleTime(b: Json): string | undefined {
  const timing = isRecord(b.timingInfo) ? b.timingInfo : undefined;
  return toIso(b.createdAt) ?? toIso(timing?.clientStartTime) ?? toIso(timing?.clientRpcSendTime);
}

/** Plain text of a Lexical rich-text JSON string (user bubbles whose `text` is empty). */
function richTextPlain(rich: unknown): string {
  let v: unknown = rich;
  if (typeof rich === 'string') {
    try {
      v = JSON.parse(rich);
    } catch {
      return '';
    }
  }
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (!isRecord(n)) return;
    if (typeof n.text === 'string') out.push(n.text);
    const children = arr(n.children);
    children.forEach(walk);
    if (n.type === 'paragraph') out.push('\n');
  };
  walk(isRecord(v) ? v.root : undefined);
  return out.join('').trim();
}

export function composerSession(
  data: Json,
  bubbles: Map<string, Json>,
  folder: string,
  sources: string[],
): ChatSession | undefined {
  const cid = str(data.composerId) ?? '';
  const modelConfig = isRecord(data.modelConfig) ? data.modelConfig : undefined;
  const composerModel = str(modelConfig?.modelName);
  const order: Json[] = [];
  const inline = new Map<string, Json>();
  for (const c of arr(data.conversation)) if (isRecord(c) && typeof c.bubbleId === 'string') inline.set(c.bubbleId, c);
  const headers = arr(data.fullConversationHeadersOnly).filter(isRecord);
  if (headers.length) {
    for (const h of headers) {
      const bid = str(h.bubbleId);
      if (!bid) continue;
      const b = bubbles.get(bid) ?? inline.get(bid);
      if (b) order.push({ type: h.type, ...b });
    }
  } else if (inline.size || arr(data.conversation).length) {
    for (const c of arr(data.conversation)) {
      if (!isRecord(c)) continue;
      const bid = str(c.bubbleId);
      order.push(bid && bubbles.has(bid) ? { ...c, ...bubbles.get(bid)! } : c);
    }
  } else {
    const rows = [...bubbles.values()];
    rows.sort((a, b) => ((bubbleTime(a) ?? '') < (bubbleTime(b) ?? '') ? -1 : 1));
    order.push(...rows);
  }

  const b = new TranscriptBuilder();
  const models: string[] = [];
  for (const bubble of order) {
    const type = Number(bubble.type);
    const ts = bubbleTime(bubble);
    if (type === 1) {
      b.user(str(bubble.text) || richTextPlain(bubble.richText), ts);
      continue;
    }
    if (type !== 2) continue;
    const modelInfo = isRecord(bubble.modelInfo) ? bubble.modelInfo : undefined;
    const bm = str(modelInfo?.modelName);
    const model = bm && isRealModel(bm) ? bm : composerModel && isRealModel(composerModel) ? composerModel : undefined;
    if (model && !models.includes(model)) models.push(model);
    const thinking = isRecord(bubble.thinking) ? str(bubble.thinking.text) : undefined;
    if (thinking) b.thinking(thinking, ts, model);
    const tf = isRecord(bubble.toolFormerData) ? bubble.toolFormerData : undefined;
    if (tf) {
      const result = tf.result;
      b.toolCall(
        {
          id: str(tf.toolCallId),
          name: str(tf.name) ?? (tf.tool !== undefined ? `tool ${String(tf.tool)}` : 'tool'),
          input: compactInput(tf.params ?? tf.rawArgs),
          output:
            result === undefined || result === null
              ? undefined
              : typeof result === 'string'
                ? result
                : compactInput(result),
          isError: tf.status === 'error',
        },
        ts,
        model,
      );
    }
    const text = str(bubble.text);
    if (text) b.assistantText(text, ts, model);
  }
  return finishSession({
    tool: 'cursor',
    id: cid,
    title: str(data.name),
    workspaceFolder: folder,
    startedAt: toIso(data.createdAt),
    updatedAt: toIso(data.lastUpdatedAt),
    models,
    messages: b.messages,
    sources,
  });
}
