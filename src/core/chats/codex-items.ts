// Codex's paginated history (`history_mode = "paginated"`, the default for new threads from about 0.149–0.153,
// openai/codex#30188): the transcript is written as `event_msg` records of type `item_completed` whose `item` is a
// `TurnItem` (`openai/codex:codex-rs/protocol/src/items.rs`, read at commit 01baf68d):
//   UserMessage {id, content: UserInput[] (`{type:"text",text}`, `{type:"image",image_url}`, `{type:"local_image",path}`)}
//   AgentMessage {id, content: [{type:"Text", text}], phase?}     Reasoning {id, summary_text[], raw_content[]}
//   CommandExecution {id, command[], cwd, status, aggregatedOutput?, exitCode?}   (camelCase fields)
//   McpToolCall {id, server, tool, arguments, status, result?, error?}   DynamicToolCall {id, tool, arguments, …}
//   WebSearch {id, query, action}   FileChange {id, changes{path: change}, status?}   Plan {id, text}
//   HookPrompt, CollabAgentToolCall, SubAgentActivity, ImageView, Sleep, ImageGeneration, ContextCompaction.
// Every TurnItem is folded into the same prompts/replies as the older layout; types not listed here are counted as
// not understood.
import { type Json, arr, compactInput, isRecord, str } from './json';
import type { TranscriptBuilder } from './transcript';

/** TurnItem types that carry nothing for the transcript (known, skipped without a warning). */
const QUIET_ITEMS = new Set([
  'HookPrompt',
  'SubAgentActivity',
  'ImageView',
  'Sleep',
  'ContextCompaction',
  'CollabAgentToolCall',
]);

/** True when the rollout uses the paginated item stream for its transcript. */
export function isPaginated(items: Array<{ kind: string; payload: Json }>): boolean {
  return items.some(
    (x) =>
      x.kind === 'event_msg' &&
      x.payload.type === 'item_completed' &&
      isRecord(x.payload.item) &&
      (x.payload.item.type === 'UserMessage' || x.payload.item.type === 'AgentMessage'),
  );
}

function userText(content: unknown): string {
  return arr(content)
    .filter(isRecord)
    .map((c) =>
      c.type === 'text' ? (str(c.text) ?? '') : c.type === 'image' || c.type === 'local_image' ? '[image]' : '',
    )
    .filter(Boolean)
    .join('\n');
}

function agentText(content: unknown): string {
  return arr(content)
    .filter(isRecord)
    .map((c) => str(c.text) ?? '')
    .filter(Boolean)
    .join('\n');
}

/**
 * Folds one `item_completed` TurnItem; returns the item type when it is not one this reader knows (the caller
 * counts it), undefined otherwise.
 */
export function foldTurnItem(
  item: Json,
  ts: string | undefined,
  model: string | undefined,
  b: TranscriptBuilder,
): string | undefined {
  const type = str(item.type) ?? '(no type)';
  const id = str(item.id);
  switch (type) {
    case 'UserMessage':
      b.user(userText(item.content), ts);
      return undefined;
    case 'AgentMessage':
      b.assistantText(agentText(item.content), ts, model);
      return undefined;
    case 'Plan':
      b.assistantText(str(item.text) ?? '', ts, model);
      return undefined;
    case 'Reasoning': {
      const t = [...arr(item.summary_text)].filter((x): x is string => typeof x === 'string').join('\n\n');
      if (t) b.thinking(t, ts, model);
      return undefined;
    }
    case 'CommandExecution': {
      const command = arr(item.command).filter((x): x is string => typeof x === 'string');
      const output = str(item.aggregatedOutput) ?? str(item.formattedOutput) ?? str(item.stdout);
      b.toolCall(
        {
          id,
          name: 'exec_command',
          input: compactInput({ cmd: command.join(' ') }),
          output,
          isError: item.status === 'failed' || item.status === 'declined',
        },
        ts,
        model,
      );
      return undefined;
    }
    case 'McpToolCall':
    case 'DynamicToolCall': {
      const name = type === 'McpToolCall' ? `${str(item.server) ?? 'mcp'}.${str(item.tool) ?? 'tool'}` : str(item.tool);
      const result = item.result ?? item.contentItems ?? (isRecord(item.error) ? item.error.message : item.error);
      b.toolCall(
        {
          id,
          name: name ?? 'tool',
          input: compactInput(item.arguments),
          output: result === undefined || result === null ? undefined : compactInput(result),
          isError: item.status === 'failed' || item.success === false,
        },
        ts,
        model,
      );
      return undefined;
    }
    case 'WebSearch':
      b.toolCall({ id, name: 'web_search', input: str(item.query) ?? compactInput(item.action) }, ts, model);
      return undefined;
    case 'FileChange':
      b.toolCall(
        {
          id,
          name: 'apply_patch',
          input: isRecord(item.changes) ? Object.keys(item.changes).join('\n') : '',
          output: str(item.stdout),
          isError: item.status === 'failed',
        },
        ts,
        model,
      );
      return undefined;
    case 'ImageGeneration':
      b.toolCall({ id, name: 'image_generation', input: str(item.revised_prompt) ?? '' }, ts, model);
      return undefined;
    default:
      return QUIET_ITEMS.has(type) ? undefined : `item_completed:${type}`;
  }
}
