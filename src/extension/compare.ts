import * as vscode from 'vscode';
import { localItemPlainText, pagePlainText } from '../core/sync/compare';
import { explain, NotionError } from '../core/notion/errors';
import { Schemes } from './ids';
import type { SyncModel } from './model';

/**
 * The two sides of "Compare with Notion", as read-only documents rendered the same way (blocks →
 * plain text), so the diff shows what differs in content and not in syntax:
 * `notion-sync-page:/PATH?pageId=…` reads the page's blocks through the engine,
 * `notion-sync-local:/PATH` converts the local file exactly as a sync would (redaction included).
 * Both paths end in `.txt`: the text is rendered blocks, not the file's own syntax.
 */
export class CompareContentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly model: SyncModel,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const path = uri.path.replace(/^\//, '').replace(/\.txt$/, '');
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      if (uri.scheme === Schemes.page) {
        const pageId = new URLSearchParams(uri.query).get('pageId');
        if (!pageId) return 'No Notion page for this item.';
        const ctx = await this.model.engine('editor', { signal: abort.signal });
        return await pagePlainText(ctx, pageId);
      }
      const local = this.model.item(path)?.local;
      if (!local) return `${path} does not exist locally.`;
      return await localItemPlainText(local);
    } catch (err) {
      const message = err instanceof NotionError ? explain(err) : err instanceof Error ? err.message : String(err);
      this.log.error(`Compare ${uri.toString()}: ${message}`);
      return `Could not read ${uri.scheme === Schemes.page ? 'the Notion page' : 'the local file'}: ${message}`;
    } finally {
      sub.dispose();
    }
  }
}

export function compareUris(path: string, pageId: string): { notion: vscode.Uri; local: vscode.Uri } {
  const stamp = Date.now().toString(36);
  return {
    notion: vscode.Uri.from({ scheme: Schemes.page, path: `/${path}.txt`, query: `pageId=${pageId}&t=${stamp}` }),
    local: vscode.Uri.from({ scheme: Schemes.local, path: `/${path}.txt`, query: `t=${stamp}` }),
  };
}
