import * as vscode from 'vscode';
import { notionSideText } from '../core/sync/compare';
import { explain, NotionError } from '../core/notion/errors';
import { Schemes } from './ids';
import type { SyncModel } from './model';

/**
 * The Notion side of "Compare with Notion": a read-only document `notion-sync-page:/PATH?pageId=…`
 * holding the page as the file it stands for (markdown with front matter, or the script), rendered
 * by the engine's Notion → markdown converter, the one `pull` merges with. The diff puts it on the
 * left and the real local file on the right, where it can be edited and saved as usual. The path
 * keeps the file's own name, so both sides get the file's language (markdown, Python, …).
 */
export class CompareContentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly model: SyncModel,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const path = uri.path.replace(/^\//, '');
    const pageId = new URLSearchParams(uri.query).get('pageId');
    if (!pageId) return 'No Notion page for this item.';
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const status = this.model.item(path);
      const ctx = await this.model.engine('editor', { signal: abort.signal, interactive: true });
      return await notionSideText(ctx, {
        pageId,
        properties: status?.row?.properties,
        local: status?.local,
        rows: Object.values(this.model.knownRows ?? {}).flat(),
      });
    } catch (err) {
      const message = err instanceof NotionError ? explain(err) : err instanceof Error ? err.message : String(err);
      this.log.error(`Compare ${uri.toString()}: ${message}`);
      return `Could not read the Notion page: ${message}`;
    } finally {
      sub.dispose();
    }
  }
}

/** The URI of an item's Notion side (a fresh one each time: VS Code caches a virtual document by URI). */
export function notionSideUri(path: string, pageId: string): vscode.Uri {
  const stamp = Date.now().toString(36);
  return vscode.Uri.from({ scheme: Schemes.page, path: `/${path}`, query: `pageId=${pageId}&t=${stamp}` });
}
