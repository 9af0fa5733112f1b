// What every reader is handed: the workspace matcher, platform, editor folders, SQLite opener and the warning
// channel; and the cancellation check readers call between files.
import type { ChatTool } from './types';
import type { EditorUserDir, PlatformEnv, WorkspaceMatcher } from './paths';
import type { SqliteOpener } from './sqlite';

export interface ReaderContext {
  /** the workspace folder as given (resolved) */
  workspaceFolder: string;
  matcher: WorkspaceMatcher;
  env: PlatformEnv;
  userDirs: EditorUserDir[];
  signal?: AbortSignal;
  openSqlite: SqliteOpener;
  warn(file: string, message: string): void;
  searched(tool: ChatTool, path: string, exists: boolean): void;
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    throw reason instanceof Error
      ? reason
      : Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
  }
}
