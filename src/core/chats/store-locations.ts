// Where the readers added for issue 15 keep their stores, as folders + globs an editor can watch to notice new or
// grown sessions (the extension's chat watcher; `chatStoreLocations` in ../sync/editor-support.ts covers the older
// tools and delegates here for these). Pure: no file system access.
import { ampThreadDirs } from './amp';
import { continueHome } from './continue';
import { copilotCliHome } from './copilot-cli';
import { KIRO_EXTENSION_ID, kiroUserDirs } from './kiro';
import { type PlatformEnv, editorUserDirs, pathApi } from './paths';
import type { ChatTool } from './types';
import { zedDataDir } from './zed';

export interface StoreLocation {
  tool: ChatTool;
  dir: string;
  glob: string;
}

/**
 * Watchable locations of Copilot CLI, Continue, aider (needs `workspaceFolder`), Kiro, Zed and Amp; [] for other
 * tools (Zoo Code is a Cline-family extension and is covered with them).
 */
export function moreStoreLocations(
  tool: ChatTool,
  e: PlatformEnv,
  options: { editorUserDirs?: string[]; workspaceFolder?: string } = {},
): StoreLocation[] {
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
