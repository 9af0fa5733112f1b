import { join } from 'node:path';
import { CLINE_FAMILY_EXTENSION_IDS, claudeConfigDirs, clineDataDir, codexHome, editorUserDirs } from './paths';
import { cursorHomeDir, geminiDir, opencodeDataDir } from './paths';
import type { ChatTool } from './types';

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
 * `workspaceStorage/<hash>`) to watch only this workspace's.
 */
export function chatStoreLocations(options: {
  tools: readonly ChatTool[];
  home: string;
  env: Record<string, string | undefined>;
  editorUserDirs?: string[];
  workspaceStorageDir?: string;
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
      }
    }
  }
  return out;
}
