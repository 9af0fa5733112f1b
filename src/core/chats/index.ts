// Agent chat sessions of one workspace folder, from every supported tool. See README.md for the matching rules.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import { readClaudeCode } from './claude-code';
import { readClineFamily } from './cline';
import { readCodex } from './codex';
import { readCopilot } from './copilot';
import { readCursor } from './cursor';
import { readGeminiCli } from './gemini-cli';
import { readOpenCode } from './opencode';
// --- chats-b ---
import { readAider } from './aider';
import { readAmp } from './amp';
import { readContinue } from './continue';
import { readCopilotCli } from './copilot-cli';
import { readKiro } from './kiro';
import { detectWindsurf } from './windsurf';
import { readZed } from './zed';
import { WorkspaceMatcher, editorUserDirs, pathApi } from './paths';
import { redactSessionLabels } from './redact-session';
import { type SqliteOpener, defaultSqliteOpener } from './sqlite';
import {
  ALL_CHAT_TOOLS,
  type ChatSession,
  type ChatTool,
  type ChatWarning,
  type FindOptions,
  type FindResult,
  type SearchedLocation,
} from './types';
import { errorMessage } from './json';
import type { ReaderContext } from './reader-context';

export * from './types';
export { countMessages, exportFileName, sessionToMarkdown, TOOL_LABELS } from './markdown';
// chats-b (issue 15): commits per session, chats kept as files in the repository
export { commitsSection, type MarkdownOptions } from './markdown';
export { commitsDuringSession, type SessionCommit, type SessionCommitsResult } from './commits';
export { mayBeChatFile, parseChatFile, recogniseChatFile, type FileChat, type FileChatFormat } from './file-chats';
export { moreStoreLocations, type StoreLocation } from './store-locations';
export {
  WorkspaceMatcher,
  isSameOrInside,
  normalizeFolder,
  folderFromUri,
  editorUserDirs,
  editorConfigRoot,
  claudeConfigDirs,
  codexHome,
  clineDataDir,
  EDITOR_APPS,
} from './paths';

const READERS: Record<ChatTool, (ctx: ReaderContext) => Promise<ChatSession[]>> = {
  'claude-code': readClaudeCode,
  codex: readCodex,
  copilot: readCopilot,
  cursor: readCursor,
  cline: (ctx) => readClineFamily(ctx, 'cline'),
  roo: (ctx) => readClineFamily(ctx, 'roo'),
  kilo: (ctx) => readClineFamily(ctx, 'kilo'),
  // --- chats-a ---
  'gemini-cli': readGeminiCli,
  opencode: readOpenCode,
  // --- chats-b ---
  'copilot-cli': readCopilotCli,
  continue: readContinue,
  aider: readAider,
  kiro: readKiro,
  zed: readZed,
  amp: readAmp,
  'zoo-code': (ctx) => readClineFamily(ctx, 'zoo-code'),
};

export interface FindInternals {
  /** replaces the SQLite engine choice (tests force sql.js or simulate failures) */
  openSqlite?: SqliteOpener;
}

/**
 * Finds the agent chat sessions that belong to `options.workspaceFolder` (the folder itself or a folder inside it;
 * see README.md). Never throws for bad input files: they are skipped and reported in `warnings` (each naming the
 * file). Only cancellation (`signal`) rejects.
 */
export async function findSessions(options: FindOptions, internals: FindInternals = {}): Promise<FindResult> {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const p = pathApi(platform);
  const workspaceFolder = p.resolve(options.workspaceFolder);
  const aliases: string[] = [];
  if (platform === process.platform) {
    try {
      const real = await fsp.realpath(workspaceFolder);
      if (real !== workspaceFolder) aliases.push(real);
    } catch {
      // a folder that does not exist here (or cannot be resolved) is matched as spelled
    }
  }
  const warnings: ChatWarning[] = [];
  const searched: SearchedLocation[] = [];
  const warnKeys = new Set<string>();
  const ctx: ReaderContext = {
    workspaceFolder,
    matcher: new WorkspaceMatcher(workspaceFolder, platform, aliases),
    env: { home, env, platform },
    userDirs: editorUserDirs({ home, env, platform }, options.editorUserDirs ?? []),
    signal: options.signal,
    openSqlite: internals.openSqlite ?? defaultSqliteOpener(),
    warn(file, message) {
      const k = `${file}\u0000${message}`;
      if (warnKeys.has(k)) return;
      warnKeys.add(k);
      warnings.push({ file, message });
    },
    searched(tool, path, exists) {
      if (!searched.some((s) => s.tool === tool && s.path === path)) searched.push({ tool, path, exists });
    },
  };

  const tools = (options.tools ?? ALL_CHAT_TOOLS).filter((t, i, a) => ALL_CHAT_TOOLS.includes(t) && a.indexOf(t) === i);
  const sessions: ChatSession[] = [];
  for (const tool of tools) {
    options.signal?.throwIfAborted();
    try {
      for (const s of await READERS[tool](ctx)) sessions.push(redactSessionLabels(s));
    } catch (err) {
      if (options.signal?.aborted) throw err;
      ctx.warn(`(${tool})`, `reading ${tool} sessions failed: ${errorMessage(err)}`);
    }
  }
  // chats-b (issue 15): Windsurf's store is encrypted and has no tool id; whenever it holds chats, say so (once)
  await detectWindsurf(ctx);
  sessions.sort((a, b) =>
    a.updatedAt !== b.updatedAt
      ? a.updatedAt > b.updatedAt
        ? -1
        : 1
      : a.tool !== b.tool
        ? a.tool < b.tool
          ? -1
          : 1
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0,
  );
  return { sessions, warnings, searched };
}
