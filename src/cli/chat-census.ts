import type { SyncConfig } from '../core/config';
import type { ChatCensus } from '../core/audit';
import type { CommandContext } from './run';

/** The audit's view of agent chats on this machine: sessions found per tool vs captured in Notion. */
export function chatCensus(config: SyncConfig, ctx: CommandContext): (captured: Set<string>) => Promise<ChatCensus> {
  return async (captured) => {
    const { findSessions } = await import('../core/chats');
    const tools = config.categories.agentChats?.capture;
    const env = ctx.engine(config).env;
    const found = await findSessions({
      workspaceFolder: config.root,
      env,
      home: env?.HOME ?? env?.USERPROFILE,
      editorUserDirs: Array.isArray(ctx.values['editor-user-dir']) ? (ctx.values['editor-user-dir'] as string[]) : undefined,
      tools: tools as never,
      signal: ctx.signal,
    });
    const byTool: Record<string, number> = {};
    const notCaptured: ChatCensus['notCapturedSessions'] = [];
    let capturedCount = 0;
    for (const s of found.sessions) {
      byTool[s.tool] = (byTool[s.tool] ?? 0) + 1;
      if (captured.has(s.id)) capturedCount++;
      else notCaptured.push({ tool: s.tool, id: s.id, title: s.title });
    }
    return { sessionsFound: found.sessions.length, captured: capturedCount, notCaptured: notCaptured.length, byTool, notCapturedSessions: notCaptured };
  };
}
