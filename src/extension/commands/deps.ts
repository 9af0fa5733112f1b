import type * as vscode from 'vscode';
import type { SyncModel } from '../model';
import type { TokenStore } from '../tokens';
import type { Node, SyncTreeProvider } from '../tree';

/** What every command handler may use: the services built by `startExtension`. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  model: SyncModel;
  tree: SyncTreeProvider;
  treeView: vscode.TreeView<Node>;
  tokens: TokenStore;
  log: vscode.LogOutputChannel;
  setContext(key: string, value: unknown): Thenable<void>;
  /** Multi-root: switches the model to the configured folder of a file (folders.ts). */
  folders?: { follow(uri: vscode.Uri): Promise<void> };
}

/** What a command was invoked on: palette (nothing), tree node(s), explorer/editor `(uri, uris[])`, or paths (tests). */
export type Target = Node | vscode.Uri | string;
