// Windsurf (Codeium) keeps its Cascade chats in `~/.codeium/windsurf/cascade/<uuid>.pb`, encrypted at rest and
// readable only through the running language server (research/agent_chats.md §6: agentgrep
// `backends/unsupported/windsurf.md`, Exafunction/codeium#286; landscape_2026.md §3). They cannot be read here, so
// when such files exist the user is told so plainly instead of the tool being silently missing from the list.
import { pathApi } from './paths';
import type { ReaderContext } from './reader-context';
import { listDir } from './files';

export const WINDSURF_UNREADABLE =
  'Windsurf: its Cascade chats are stored encrypted and cannot be read, so they are not listed or captured';

/** Warns once (naming Windsurf and the folder) when Windsurf's encrypted Cascade store holds chats. */
export async function detectWindsurf(ctx: ReaderContext): Promise<boolean> {
  const p = pathApi(ctx.env.platform);
  const dir = p.join(ctx.env.home, '.codeium', 'windsurf', 'cascade');
  const n = (await listDir(dir)).filter((e) => e.isFile && e.name.endsWith('.pb')).length;
  if (!n) return false;
  ctx.warn(dir, `${WINDSURF_UNREADABLE} (${n} encrypted chat file${n > 1 ? 's' : ''} found)`);
  return true;
}
