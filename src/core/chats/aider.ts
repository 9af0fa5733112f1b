// aider: `<repository>/.aider.chat.history.md` (the `--chat-history-file` default; aider writes it in the git root
// it runs in, so the file in the workspace folder is this workspace's). Source: Aider-AI/aider `aider/io.py`
// (`append_chat_history`, `user_input`, `tool_output`), as summarised in research/agent_chats.md §6.
//
// Each run appends `# aider chat started at YYYY-MM-DD HH:MM:SS` (local time, no zone); a user prompt is written as
// lines prefixed `#### `; the assistant's reply is plain markdown; tool / system output is `> ` blockquote lines
// (`> Aider v0.86.1`, `> Model: gpt-4o with diff edit format`, `> Tokens: …`, `> Applied edit to app.py`). One run
// is one session; its id is the start time. There is no per-message time and the model comes from the banner.
// Inputs that are aider commands (`#### /add app.py`) are folded as tool calls; `#### <blank>` is no prompt
// (layouts checked against real histories quoted in a public ingest test suite).
import { promises as fsp } from 'node:fs';
import { pathApi } from './paths';
import { safeTitle } from './safe-title';
import type { ChatSession } from './types';
import { type ReaderContext } from './reader-context';
import { TranscriptBuilder, finishSession } from './transcript';

export const AIDER_HISTORY_FILE = '.aider.chat.history.md';

const PROMPT_COMMANDS = new Set(['ask', 'code', 'architect', 'context']);

const START = /^# aider chat started at (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\s*$/;

export async function readAider(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const file = p.join(ctx.workspaceFolder, AIDER_HISTORY_FILE);
  let text: string;
  let mtime: string | undefined;
  try {
    text = await fsp.readFile(file, 'utf8');
    mtime = (await fsp.stat(file)).mtime.toISOString();
    ctx.searched('aider', file, true);
  } catch (err) {
    ctx.searched('aider', file, false);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.warn(file, `cannot read file: ${String(err)}`);
    return [];
  }
  return parseAiderHistory(text, file, ctx.workspaceFolder, mtime);
}

/**
 * Sessions of one aider chat history (one per `# aider chat started at` block). `lastModified` becomes the last
 * session's update time (aider writes no time per message).
 */
export function parseAiderHistory(
  text: string,
  file: string,
  workspaceFolder: string,
  lastModified?: string,
): ChatSession[] {
  const blocks: Array<{ start?: string; startLabel?: string; lines: string[] }> = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const m = START.exec(line);
    if (m) {
      const [, y, mo, d, h, mi, s] = m.map(Number);
      const local = new Date(y, mo - 1, d, h, mi, s);
      blocks.push({
        start: Number.isNaN(local.getTime()) ? undefined : local.toISOString(),
        startLabel: line.slice('# aider chat started at '.length).trim(),
        lines: [],
      });
    } else if (blocks.length) blocks[blocks.length - 1].lines.push(line);
    else if (line.trim()) blocks.push({ lines: [line] });
  }
  const out: ChatSession[] = [];
  blocks.forEach((blk, i) => {
    const s = parseBlock(blk.lines, {
      id: blk.startLabel ? blk.startLabel.replace(' ', 'T') : `block-${i + 1}`,
      start: blk.start,
      end: i === blocks.length - 1 ? lastModified : blocks[i + 1].start,
      file,
      workspaceFolder,
    });
    if (s) out.push(s);
  });
  return out;
}

function parseBlock(
  lines: string[],
  o: { id: string; start?: string; end?: string; file: string; workspaceFolder: string },
): ChatSession | undefined {
  const b = new TranscriptBuilder();
  const models: string[] = [];
  let kind: 'user' | 'assistant' | 'tool' | undefined;
  let buf: string[] = [];
  const flush = () => {
    const text = buf.join('\n').trim();
    if (kind === 'user') {
      // `#### <blank>` is an empty input; `/add app.py`, `/run …`, `/commit` are aider commands, not prompts —
      // except `/ask`, `/code`, `/architect`, whose text goes to the model
      const cmd = /^\/([a-z-]+)(?:\s+([\s\S]*))?$/.exec(text);
      if (cmd && !PROMPT_COMMANDS.has(cmd[1]))
        b.toolCall({ name: `aider /${cmd[1]}`, input: (cmd[2] ?? '').trim() }, undefined, models[models.length - 1]);
      else if (text !== '<blank>') b.user(cmd ? (cmd[2] ?? '') : text);
    } else if (kind === 'assistant') b.assistantText(text, undefined, models[models.length - 1]);
    else if (kind === 'tool' && text && b.messages.length)
      b.toolCall({ name: 'aider', input: '', output: text }, undefined, models[models.length - 1]);
    buf = [];
  };
  for (const raw of lines) {
    const line = raw.replace(/ {2}$/, '');
    let k: typeof kind;
    let content: string;
    if (line.startsWith('#### ') || line === '####') {
      k = 'user';
      content = line.slice(5);
    } else if (line.startsWith('> ') || line === '>') {
      k = 'tool';
      content = line.slice(2);
      const model = /^(?:Main model|Model): (\S+)/.exec(content)?.[1];
      if (model && !models.includes(model)) models.push(model);
    } else if (!line.trim() && kind !== 'assistant') {
      // blank lines separate blocks; they only matter inside a reply. One input is a run of `#### ` lines, so a
      // blank line ends it (the next `#### ` run is the next input)
      if (kind === 'user') {
        flush();
        kind = undefined;
      } else if (kind) buf.push('');
      continue;
    } else {
      k = 'assistant';
      content = line;
    }
    if (k !== kind) {
      flush();
      kind = k;
    }
    buf.push(content);
  }
  flush();
  if (!b.messages.some((m) => m.role === 'user')) return undefined;
  const firstPrompt = b.messages.find((m) => m.role === 'user')?.text;
  return finishSession({
    tool: 'aider',
    id: o.id,
    title: safeTitle(firstPrompt),
    workspaceFolder: o.workspaceFolder,
    startedAt: o.start,
    updatedAt: o.end ?? o.start,
    models,
    messages: b.messages,
    sources: [o.file],
  });
}
