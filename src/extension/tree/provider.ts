import * as vscode from 'vscode';
import type { SyncModel } from '../model';
import { buildTree } from './build';
import { ChatNode } from './chat-node';
import type { Node } from './nodes';
import { ItemNode } from './nodes';

/** The Workspace view's data: rebuilt from the model on each change, with an index by id for lookups. */
export class SyncTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] = [];
  private readonly index = new Map<string, Node>();
  attentionOnly = false;

  constructor(private readonly model: SyncModel) {}

  /** Rebuilds the nodes from the model and tells the view. */
  rebuild(): void {
    this.roots = buildTree(this.model, this.attentionOnly);
    this.index.clear();
    const walk = (nodes: Node[]): void => {
      for (const n of nodes) {
        if (n.id) this.index.set(n.id, n);
        walk(n.children());
      }
    };
    walk(this.roots);
    this.changed.fire();
  }

  /** The node of a workspace-relative item path (any category). */
  nodeForPath(path: string): ItemNode | undefined {
    for (const n of this.index.values()) if (n instanceof ItemNode && n.path === path) return n;
    return undefined;
  }

  /** The node of an agent chat session. */
  nodeForSession(sessionId: string): ChatNode | undefined {
    for (const n of this.index.values()) if (n instanceof ChatNode && n.session.id === sessionId) return n;
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }
  getChildren(node?: Node): Node[] {
    return node ? node.children() : this.roots;
  }
  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
