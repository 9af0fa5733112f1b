import type { ItemStatus } from '../../core/sync';
import type { ScriptRun } from '../../core/sync/script-runs';
import { Commands } from '../ids';
import { editorMessage } from '../messages';
import type { SyncModel } from '../model';
import { ATTENTION_STATES } from '../model';
import { ChatNode } from './chat-node';
import type { Node } from './nodes';
import { CategoryNode, FolderNode, ItemNode, MessageNode } from './nodes';
import { triggerNode } from './trigger-nodes';

/** Builds the tree of one overview. With `attentionOnly`, only items that need the user. */
export function buildTree(model: SyncModel, attentionOnly: boolean): Node[] {
  const overview = model.overview;
  const config = model.config;
  if (!overview || !config || model.viewState !== 'ready') return [];
  const roots: Node[] = [];
  if (model.offline) {
    // The local side stays; the first row says why the Notion side is unknown, and clicking it retries.
    const retry = new MessageNode('message:offline', 'Notion cannot be reached — click to retry', 'cloud-offline');
    retry.description = model.offline.message;
    retry.tooltip = `${editorMessage(model.offline)}\n\nThe local files are listed; their Notion side is unknown. The view reconnects by itself when the window gets focus and every minute.`;
    retry.command = { command: Commands.refresh, title: 'Retry' };
    roots.push(retry);
  }
  for (const name of Object.keys(config.categories)) {
    const all = overview.items.filter((i) => i.category === name);
    const counts: Record<string, number> = {};
    for (const i of all) counts[i.state] = (counts[i.state] ?? 0) + 1;
    let shown = attentionOnly ? all.filter((i) => ATTENTION_STATES.has(i.state)) : all;
    let chatNodes: ChatNode[] = [];
    let chatCounts: { total: number; new: number; grown: number } | undefined;
    if (name === 'agentChats' && model.sessions.length) {
      // One node per session; the export of a listed session is that node, not a second item.
      const byPath = new Map(all.map((i) => [i.path, i]));
      const nodes = model.sessions.map((s) => new ChatNode(s, byPath.get(s.exportPath)));
      const claimed = new Set(nodes.map((n) => n.path));
      shown = shown.filter((i) => !claimed.has(i.path));
      chatCounts = {
        total: nodes.length,
        new: nodes.filter((n) => n.state === 'new').length,
        grown: nodes.filter((n) => n.state === 'grown').length,
      };
      chatNodes = attentionOnly ? nodes.filter((n) => n.needsAttention) : nodes;
    }
    if (attentionOnly && shown.length === 0 && chatNodes.length === 0) continue;
    const kids = [
      ...chatNodes,
      ...nest(name, shown, (i) => (i.category === 'scripts' ? model.lastRun(i.path) : undefined)),
    ];
    const cat = new CategoryNode(name, kids, counts, overview.databases[name], chatCounts);
    for (const k of cat.kids) k.parent = cat;
    roots.push(cat);
  }
  // Under the filter, trigger files stay when some failed or are stale: they need attention too.
  const triggersNeedAttention =
    overview.triggers.stale.length > 0 || overview.triggers.files.some((f) => f.state === 'failed');
  if (!attentionOnly || triggersNeedAttention) roots.push(triggerNode(overview.triggers));
  if (attentionOnly && roots.length === 0)
    roots.push(new MessageNode('message:allGood', 'Nothing needs attention: everything is in sync.', 'pass'));
  return roots;
}

/** Items under folders below the category's common base folder ("folders where the category is nested"). */
function nest(
  category: string,
  items: ItemStatus[],
  lastRun: (i: ItemStatus) => ScriptRun | null | undefined = () => undefined,
): Node[] {
  const dirs = items.map((i) => i.path.split('/').slice(0, -1));
  let base = dirs[0] ?? [];
  for (const d of dirs) {
    let k = 0;
    while (k < base.length && k < d.length && base[k] === d[k]) k++;
    base = base.slice(0, k);
  }
  const top: Node[] = [];
  const folders = new Map<string, FolderNode>();
  const folderFor = (segments: string[]): FolderNode | undefined => {
    if (segments.length <= base.length) return undefined;
    const path = segments.join('/');
    let f = folders.get(path);
    if (!f) {
      f = new FolderNode(category, path);
      folders.set(path, f);
      const parent = folderFor(segments.slice(0, -1));
      f.parent = parent;
      (parent ? parent.kids : top).push(f);
    }
    return f;
  };
  const sorted = [...items].sort((a, b) => a.path.localeCompare(b.path));
  for (const item of sorted) {
    const node = new ItemNode(item, lastRun(item));
    const folder = folderFor(item.path.split('/').slice(0, -1));
    node.parent = folder;
    (folder ? folder.kids : top).push(node);
  }
  // Folders say what they hold: "12 items · 3 to sync", so a big category can be read folded.
  for (const f of folders.values()) {
    const inside = items.filter((i) => i.path.startsWith(`${f.path}/`));
    const todo = inside.filter((i) => i.state === 'new' || i.state === 'modified').length;
    const other = inside.filter((i) => ['remote-modified', 'conflict', 'error', 'orphaned'].includes(i.state)).length;
    f.description = [
      `${inside.length} item${inside.length === 1 ? '' : 's'}`,
      ...(todo ? [`${todo} to sync`] : []),
      ...(other ? [`${other} need${other === 1 ? 's' : ''} attention`] : []),
    ].join(' · ');
  }
  const order = (list: Node[]): void => {
    list.sort((a, b) => Number(b instanceof FolderNode) - Number(a instanceof FolderNode));
    for (const n of list) if (n instanceof FolderNode) order(n.kids);
  };
  order(top);
  return top;
}
