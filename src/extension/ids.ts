/** Command ids, view ids and context keys: declared once, used everywhere (and checked by a host test). */
export const Commands = {
  refresh: 'notionSync.refresh',
  showLog: 'notionSync.showLog',
} as const;

export const ViewIds = {
  container: 'notionSync',
  items: 'notionSync.items',
} as const;
