import { join } from 'node:path';
import {
  CLINE_FAMILY_EXTENSION_IDS,
  type PlatformEnv,
  claudeConfigDirs,
  clineDataDir,
  codexHome,
  editorUserDirs,
  pathApi,
} from './paths';
import { cursorHomeDir, geminiDir, opencodeDataDir } from './paths';
// --- chats-b ---
import { ampThreadDirs } from './amp';
import { continueHome } from './continue';
import { copilotCliHome } from './copilot-cli';
import { KIRO_EXTENSION_ID, kiroUserDirs } from './kiro';
import type { ChatTool } from './types';
import { zedDataDir } from './zed';

/* Where each agent tool keeps its chat stores, as folders to watch (the editor's automatic capture). */

export interface ChatStoreLocation {
  tool: ChatTool;
  /** A folder to watch. */
  dir: string;
  /** Glob of the session files below it. */
  glob: string;
}

/**
 * The folders whose files change when an agent tool writes a session of any workspace, for file
 * watchers (which then re-list the sessions; matching to this workspace stays in the readers).
 * Copilot keeps one store per workspace: pass `workspaceStorageDir` (the editor's own
 * `workspaceStorage/<hash>`) to watch only this workspace's. aider keeps its history in the workspace:
 * pass `workspaceFolder` to watch it.
 */
export function chatStoreLocations(options: {
  tools: readonly ChatTool[];
  home: string;
  env: Record<string, string | undefined>;
  editorUserDirs?: string[];
  workspaceStorageDir?: string;
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
}): ChatStoreLocation[] {
  const e = { home: options.home, env: options.env, platform: options.platform ?? process.platform };
  const userDirs = editorUserDirs(e, options.editorUserDirs ?? []).map((d) => d.dir);
  const out: ChatStoreLocation[] = [];
  const extIds: Record<string, string> = CLINE_FAMILY_EXTENSION_IDS;
  for (const tool of options.tools) {
    switch (tool) {
      case 'claude-code':
        for (const dir of claudeConfigDirs(e)) out.push({ tool, dir: join(dir, 'projects'), glob: '**/*.jsonl' });
        break;
      case 'codex': {
        const home = codexHome(e);
        out.push(
          { tool, dir: join(home, 'sessions'), glob: '**/*.jsonl' },
          { tool, dir: join(home, 'archived_sessions'), glob: '**/*.jsonl' },
        );
        break;
      }
      case 'copilot':
        if (options.workspaceStorageDir)
          out.push({ tool, dir: join(options.workspaceStorageDir, 'chatSessions'), glob: '*.{json,jsonl}' });
        else
          for (const dir of userDirs)
            out.push({ tool, dir: join(dir, 'workspaceStorage'), glob: '*/chatSessions/*.{json,jsonl}' });
        break;
      case 'cursor':
        for (const dir of userDirs)
          out.push(
            { tool, dir: join(dir, 'globalStorage'), glob: 'state.vscdb*' },
            { tool, dir: join(dir, 'workspaceStorage'), glob: '*/state.vscdb*' },
          );
        // --- chats-a: agent transcripts and the cursor-agent CLI ---
        out.push(
          { tool, dir: join(cursorHomeDir(e), 'projects'), glob: '*/agent-transcripts/**/*.jsonl' },
          { tool, dir: join(cursorHomeDir(e), 'chats'), glob: '**/store.db*' },
        );
        break;
      // --- chats-a ---
      case 'gemini-cli':
        out.push({ tool, dir: join(geminiDir(e), 'tmp'), glob: '*/chats/session-*.{json,jsonl}' });
        break;
      case 'opencode':
        out.push(
          { tool, dir: opencodeDataDir(e), glob: 'opencode*.db*' },
          { tool, dir: join(opencodeDataDir(e), 'storage'), glob: '{session,message,part}/**/*.json' },
        );
        break;
      // --- chats-b ---
      default: {
        const ext = extIds[tool];
        if (ext)
          for (const dir of userDirs)
            out.push({ tool, dir: join(dir, 'globalStorage', ext, 'tasks'), glob: '**/*.json' });
        if (tool === 'cline') out.push({ tool, dir: join(clineDataDir(e), 'tasks'), glob: '**/*.json' });
        // chats-b readers (issue 15)
        out.push(
          ...moreStoreLocations(tool, e, {
            editorUserDirs: options.editorUserDirs,
            workspaceFolder: options.workspaceFolder,
          }),
        );
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// chats-b (issue 15): the stores of the readers added for issue 15

export type StoreLocation = ChatStoreLocation;

/**
 * Watchable locations of Copilot CLI, Continue, aider (needs `workspaceFolder`), Kiro, Zed and Amp; [] for other
 * tools (Zoo Code is a Cline-family extension and is covered with them).
 */
export function moreStoreLocations(
  tool: ChatTool,
  e: PlatformEnv,
  options: { editorUserDirs?: string[]; workspaceFolder?: string } = {},
): ChatStoreLocation[] {
  const p = pathApi(e.platform);
  const userDirs = editorUserDirs(e, options.editorUserDirs ?? []).map((d) => d.dir);
  switch (tool) {
    case 'copilot-cli':
      return [{ tool, dir: p.join(copilotCliHome(e), 'session-state'), glob: '**/*.{jsonl,yaml}' }];
    case 'continue':
      return [{ tool, dir: p.join(continueHome(e), 'sessions'), glob: '*.json' }];
    case 'aider':
      return options.workspaceFolder ? [{ tool, dir: options.workspaceFolder, glob: '.aider.chat.history.md' }] : [];
    case 'kiro':
      return kiroUserDirs(e, userDirs).map((u) => ({
        tool,
        dir: p.join(u, 'globalStorage', KIRO_EXTENSION_ID, 'workspace-sessions'),
        glob: '*/*.json',
      }));
    case 'zed':
      return [{ tool, dir: p.join(zedDataDir(e), 'threads'), glob: 'threads.db*' }];
    case 'amp':
      return ampThreadDirs(e, userDirs).map((dir) => ({ tool, dir, glob: '*.json' }));
    default:
      return [];
  }
}
