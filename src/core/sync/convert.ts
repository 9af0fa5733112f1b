import type { PageProperties } from '../notion/props';
import type { Block, LocalImage } from '../content';
import { markdownToBlocks, redactSecrets, scriptToBlocks } from '../content';
import type { LocalItem } from '../inventory';
import { readItemText } from '../inventory';
import { prop } from '../notion/props';
import { chatExportProperties } from './chat-export';
import { fileChatBlocks, fileChatRow } from './file-chat-row';

/**
 * Bumped whenever the conversion of files to blocks changes in a way that should re-sync
 * pages: part of every row's `Content Hash`.
 */
export const CONTENT_VERSION = 2;

export function contentHash(item: Pick<LocalItem, 'hash'>): string {
  return `v${CONTENT_VERSION}:${item.hash}`;
}

/** One local file, ready to be written: page title, body blocks, the properties it can fill. */
export interface ConvertedItem {
  title: string;
  blocks: Block[];
  /** Properties beyond the key and bookkeeping (front matter, script facts), by name. */
  extraProperties: PageProperties;
  secrets: Array<{ kind: string; line: number }>;
  warnings: string[];
  /** Local images, whose "not uploaded" callouts the write step turns into uploaded image blocks. */
  localImages: LocalImage[];
}

/**
 * Reads, redacts and converts a file. Nothing leaves the machine that did not pass redaction.
 * `resolveLink` turns a document's links to workspace files into page URLs (links.ts).
 */
export async function convertItem(
  item: LocalItem,
  options: { resolveLink?: (href: string) => string | undefined } = {},
): Promise<ConvertedItem> {
  const raw = await readItemText(item);
  const { text, findings } = redactSecrets(raw);
  const fileName = item.path.split('/').pop() ?? item.path;
  if (item.kind === 'markdown') {
    const md = markdownToBlocks(text, { path: item.path, resolveLink: options.resolveLink });
    const fm = md.frontMatter;
    const extra: PageProperties = {};
    if (fm.tags && fm.tags.length > 0) extra['Tags'] = prop.multiSelect(fm.tags);
    if (fm.status) extra['Status'] = prop.select(fm.status);
    if (fm.date) extra['Date'] = prop.date(fm.date);
    // An exported chat that capture never pushed becomes a chat row, not a plain document.
    if (item.category === 'agentChats') Object.assign(extra, chatExportProperties(text));
    // A chat kept as a file (SpecStory, aider, Cursor export) becomes a chat row too (file-chat-row.ts).
    const chat = item.category === 'agentChats' ? fileChatRow(item.path, raw) : undefined;
    if (chat) Object.assign(extra, chat.properties);
    return {
      title: chat?.title ?? (md.title || fileName),
      blocks: md.blocks,
      extraProperties: extra,
      secrets: findings,
      warnings: md.warnings,
      localImages: md.localImages,
    };
  }
  const chat = item.category === 'agentChats' ? fileChatRow(item.path, raw) : undefined;
  if (chat)
    return {
      title: chat.title,
      blocks: fileChatBlocks(chat),
      extraProperties: chat.properties,
      secrets: findings,
      warnings: [],
      localImages: [],
    };
  const script = scriptToBlocks(item.path, text);
  return {
    title: fileName,
    blocks: script.blocks,
    extraProperties: {
      Language: prop.select(script.language),
      'Size (bytes)': prop.number(item.size),
      Lines: prop.number(script.lineCount),
      Summary: prop.text(script.summary ?? ''),
    },
    secrets: findings,
    warnings: [],
    localImages: [],
  };
}
