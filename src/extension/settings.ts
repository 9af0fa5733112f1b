import * as vscode from 'vscode';

/** Every `notionSync.*` setting with its type: the only place that reads them. */
export interface Settings {
  apiBaseUrl: string;
  workspaceName: string;
  syncOnSave: boolean;
  syncOnSaveDelayMs: number;
  confirmSyncAbove: number;
  autoRefresh: boolean;
  saveAuditToReports: boolean;
  captureChatsAutomatically: boolean;
  auditIntervalMinutes: number;
  notionCheckIntervalMinutes: number;
  logEditorSyncs: boolean;
  exclude: string[];
}

const DEFAULTS: Settings = {
  apiBaseUrl: '',
  workspaceName: '',
  syncOnSave: false,
  syncOnSaveDelayMs: 1500,
  confirmSyncAbove: 100,
  autoRefresh: true,
  saveAuditToReports: false,
  captureChatsAutomatically: false,
  auditIntervalMinutes: 0,
  notionCheckIntervalMinutes: 5,
  logEditorSyncs: false,
  exclude: [],
};

const SECTION = 'notionSync';

export function getSetting<K extends keyof Settings>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<Settings[K]>(key);
  return value === undefined || value === null ? DEFAULTS[key] : value;
}

/** True when the change touches one of these settings (`notionSync.x`). */
export function affects(e: vscode.ConfigurationChangeEvent, ...keys: Array<keyof Settings>): boolean {
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
