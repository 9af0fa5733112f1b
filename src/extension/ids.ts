/** Command ids, view ids, context keys and URI schemes: declared once, used everywhere (and checked by a host test). */
export const Commands = {
  connect: 'notionSync.connect',
  disconnect: 'notionSync.disconnect',
  initDatabases: 'notionSync.initDatabases',
  refresh: 'notionSync.refresh',
  syncAll: 'notionSync.syncAll',
  sync: 'notionSync.sync',
  overwrite: 'notionSync.overwriteNotion',
  pull: 'notionSync.pull',
  pullAll: 'notionSync.pullAll',
  takeNotion: 'notionSync.takeNotionVersion',
  resolve: 'notionSync.resolveConflict',
  openInNotion: 'notionSync.openInNotion',
  compare: 'notionSync.compareWithNotion',
  revealInExplorer: 'notionSync.revealInExplorer',
  openFile: 'notionSync.openFile',
  filterAttention: 'notionSync.filterNeedsAttention',
  showAll: 'notionSync.showAllItems',
  audit: 'notionSync.runAudit',
  captureChats: 'notionSync.captureChats',
  runScript: 'notionSync.runScript',
  statusMenu: 'notionSync.showStatusMenu',
  openView: 'notionSync.openView',
  openSettings: 'notionSync.openSettings',
  showLog: 'notionSync.showLog',
  fix: 'notionSync.fix',
  restoreFile: 'notionSync.restoreFile',
  removeFromNotion: 'notionSync.removeFromNotion',
  adopt: 'notionSync.adopt',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ViewIds = {
  container: 'notionSync',
  items: 'notionSync.items',
} as const;

/** Context keys the extension sets (menus, welcome views and `enablement` refer to these only). */
export const ContextKeys = {
  /** A token is available (SecretStorage or NOTION_TOKEN) and Notion accepted it. */
  connected: 'notionSync.connected',
  /** What the Workspace view shows: loading · notConnected · noDatabases · empty · ready · error · noFolder. */
  viewState: 'notionSync.viewState',
  /** The view shows only items that need attention. */
  filtered: 'notionSync.filtered',
  /** A sync, overwrite or init is running. */
  busy: 'notionSync.busy',
  /** Some item changed in Notion since the last sync (remote-modified or conflict): the view's title offers "Pull All". */
  changedInNotion: 'notionSync.changedInNotion',
  /** Something needs the user (the view's badge is shown): the view's title offers "Fix…". */
  needsAttention: 'notionSync.needsAttention',
  /** Notion could not be read at the last refresh: the view lists the local files, their Notion side unknown. */
  offline: 'notionSync.offline',
  /** Notion refuses the token there is (revoked or removed), as opposed to no token at all. */
  tokenRefused: 'notionSync.tokenRefused',
  /** The files that belong to a category, as a map of absolute path → true (`resourcePath in notionSync.trackedFiles`). */
  trackedFiles: 'notionSync.trackedFiles',
  /** The files that have a Notion page (`resourcePath in notionSync.filesInNotion`). */
  filesInNotion: 'notionSync.filesInNotion',
} as const;

export type ViewState = 'loading' | 'noFolder' | 'notConnected' | 'noDatabases' | 'empty' | 'ready' | 'error';

/**
 * `contextValue`s of tree items, matched by menus with `viewItem =~ /…/`. An item's value is
 * `notionSync.item.<state>` followed by flags: `+local` (the file exists), `+page` (it has a Notion
 * page), `+script` (a script that can be run). Examples of full values are listed for the host test
 * that checks every menu clause matches one.
 */
export const ContextValues = {
  category: 'notionSync.category',
  folder: 'notionSync.folder',
  triggerCategory: 'notionSync.triggerFiles',
  triggerFolder: 'notionSync.triggerFolder',
  triggerFile: 'notionSync.triggerFile',
  message: 'notionSync.message',
  itemNew: 'notionSync.item.new+local',
  itemModified: 'notionSync.item.modified+local+page',
  itemSynced: 'notionSync.item.synced+local+page',
  itemConflict: 'notionSync.item.conflict+local+page',
  itemRemoteModified: 'notionSync.item.remote-modified+local+page',
  itemOrphaned: 'notionSync.item.orphaned+page',
  itemScript: 'notionSync.item.modified+local+page+script',
  chatNew: 'notionSync.chat.new',
  chatCaptured: 'notionSync.chat.captured+page+export',
  chatGrown: 'notionSync.chat.grown+page+export',
} as const;

export function itemContextValue(state: string, flags: { local: boolean; page: boolean; script: boolean }): string {
  return `notionSync.item.${state}${flags.local ? '+local' : ''}${flags.page ? '+page' : ''}${flags.script ? '+script' : ''}`;
}

/**
 * `contextValue` of an agent chat session: `notionSync.chat.<new|captured|grown>` then `+page` (it has
 * a row in Agent Chats) and `+export` (its markdown export exists under agent-chats/).
 */
export function chatContextValue(
  state: 'new' | 'captured' | 'grown',
  flags: { page: boolean; export: boolean },
): string {
  return `notionSync.chat.${state}${flags.page ? '+page' : ''}${flags.export ? '+export' : ''}`;
}

/** URI schemes of our own: tree items (decorations), and the Notion side of "Compare with Notion". */
export const Schemes = {
  item: 'notion-sync-item',
  page: 'notion-sync-page',
} as const;

/** Key of the token in SecretStorage. */
export const SecretKeys = { token: 'notionSync.token' } as const;
/** Keys in `globalState`. */
export const StateKeys = {
  /** The user disconnected: NOTION_TOKEN from the environment is not used until the next Connect. */
  disconnected: 'notionSync.disconnected',
} as const;
