import type { ChatTool } from '../chats';
import { countMessages, findSessions } from '../chats';
import type { ChatCensus } from './types';

/**
 * The audit's view of agent chats on this machine: this workspace's sessions per tool against
 * the Session IDs captured in Notion. Shared by the CLI and the editor.
 */
export function chatCensus(options: {
  workspaceFolder: string;
  tools?: string[];
  editorUserDirs?: string[];
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}): (captured: Set<string>, capturedMessages?: ReadonlyMap<string, number>) => Promise<ChatCensus> {
  return async (captured, capturedMessages) => {
    const env = options.env;
    const found = await findSessions({
      workspaceFolder: options.workspaceFolder,
      env,
      home: env?.HOME ?? env?.USERPROFILE,
      editorUserDirs: options.editorUserDirs,
      tools: options.tools as ChatTool[] | undefined,
      signal: options.signal,
    });
    const byTool: Record<string, number> = {};
    const notCaptured: ChatCensus['notCapturedSessions'] = [];
    const grown: ChatCensus['notCapturedSessions'] = [];
    for (const s of found.sessions) {
      byTool[s.tool] = (byTool[s.tool] ?? 0) + 1;
      if (!captured.has(s.id)) notCaptured.push({ tool: s.tool, id: s.id, title: s.title });
      else if (sessionGrew(capturedMessages?.get(s.id), countMessages(s)))
        grown.push({ tool: s.tool, id: s.id, title: s.title });
    }
    return {
      sessionsFound: found.sessions.length,
      captured: found.sessions.length - notCaptured.length,
      notCaptured: notCaptured.length,
      byTool,
      notCapturedSessions: notCaptured,
      withNewTurns: grown.length,
      withNewTurnsSessions: grown,
    };
  };
}

/** A captured session has new turns when its row records fewer messages than it has now (the editor's "grown"). */
export function sessionGrew(capturedMessages: number | undefined, messages: number): boolean {
  return capturedMessages !== undefined && capturedMessages < messages;
}
