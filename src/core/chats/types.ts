// The one model every agent-tool reader produces. See README.md in this folder.

export type ChatTool =
  | 'claude-code'
  | 'cursor'
  | 'copilot'
  | 'codex'
  | 'cline'
  | 'roo'
  | 'kilo'
  // --- chats-a ---
  | 'gemini-cli'
  | 'opencode'
  // --- chats-b ---
  | 'copilot-cli'
  | 'continue'
  | 'aider'
  | 'kiro'
  | 'zed'
  | 'amp'
  | 'zoo-code';

export const ALL_CHAT_TOOLS: readonly ChatTool[] = [
  'claude-code',
  'cursor',
  'copilot',
  'codex',
  'cline',
  'roo',
  'kilo',
  // --- chats-a ---
  'gemini-cli',
  'opencode',
  // --- chats-b ---
  'copilot-cli',
  'continue',
  'aider',
  'kiro',
  'zed',
  'amp',
  'zoo-code',
];

export interface ToolCall {
  name: string;
  /** compact JSON or text */
  input: string;
  output?: string;
  isError?: boolean;
}

/**
 * One user prompt, or one assistant reply. A reply is everything the assistant produced between two prompts
 * (several API calls / records / bubbles are merged into one message), so that counting messages follows the
 * contract: user prompts + assistant replies; tool calls, tool results and thinking are folded into the reply.
 */
export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
  timestamp?: string;
  model?: string;
  toolCalls: ToolCall[];
  thinking?: string;
}

export interface ChatSession {
  tool: ChatTool;
  /** the tool's own session id */
  id: string;
  title: string;
  workspaceFolder: string;
  /** ISO */
  startedAt: string;
  /** ISO */
  updatedAt: string;
  models: string[];
  messages: ChatMessage[];
  /** files read */
  sources: string[];
}

export interface ChatWarning {
  file: string;
  message: string;
}

export interface FindOptions {
  workspaceFolder: string;
  home?: string;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  editorUserDirs?: string[];
  tools?: ChatTool[];
  signal?: AbortSignal;
}

export interface SearchedLocation {
  tool: ChatTool;
  path: string;
  exists: boolean;
}

export interface FindResult {
  sessions: ChatSession[];
  warnings: ChatWarning[];
  searched: SearchedLocation[];
}
