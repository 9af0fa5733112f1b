import * as vscode from 'vscode';
import { normalizeNotionId } from '../../core/config';
import { explain, NotionError } from '../../core/notion/errors';
import { searchParentPages } from '../../core/sync/session';
import type { SyncModel } from '../model';

/**
 * Asks for the Notion page to create the databases under: the configured one, the pages shared
 * with the integration (listed while the picker is open), or a pasted URL or id.
 */
export async function pickParentPage(model: SyncModel, configured?: string): Promise<string | undefined> {
  type Pick = vscode.QuickPickItem & { id?: string; paste?: boolean };
  const qp = vscode.window.createQuickPick<Pick>();
  qp.title = 'Initialize Databases: the Notion page to create the databases under';
  qp.placeholder = 'Pick a page shared with your integration, or paste a page URL or id';
  qp.busy = true;
  qp.ignoreFocusOut = true;
  const paste: Pick = { label: '$(link) Paste a page URL or id…', paste: true, alwaysShow: true };
  qp.items = configured
    ? [{ label: '$(pinned) The configured parent page', description: configured, id: configured }, paste]
    : [paste];
  qp.show();
  void model
    .engine('editor')
    .then((ctx) => searchParentPages(ctx))
    .then((pages) => {
      const found: Pick[] = pages.map((p) => ({
        label: `$(file) ${p.title}`,
        description: p.url,
        detail: p.lastEditedTime ? `edited ${p.lastEditedTime.slice(0, 16).replace('T', ' ')}` : undefined,
        id: p.id,
      }));
      qp.items = [
        ...qp.items.filter((i) => !i.paste),
        ...found,
        ...(found.length ? [{ label: '', kind: vscode.QuickPickItemKind.Separator } as Pick] : []),
        paste,
      ];
      if (found.length === 0)
        qp.placeholder =
          'No page is shared with your integration yet: share one in Notion (… → Connections), or paste its URL';
    })
    .catch((err: unknown) => {
      qp.placeholder = `Could not list pages (${err instanceof NotionError ? explain(err) : String(err)}); paste a page URL or id`;
    })
    .finally(() => (qp.busy = false));
  const picked = await new Promise<Pick | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  if (!picked) return undefined;
  if (!picked.paste) return picked.id;
  const text = await vscode.window.showInputBox({
    title: 'Initialize Databases',
    prompt: 'The URL or id of a Notion page shared with your integration',
    ignoreFocusOut: true,
    validateInput: (v) =>
      normalizeNotionId(v) ? undefined : 'Not a Notion page URL or id (32 hexadecimal characters).',
  });
  return text ? normalizeNotionId(text) : undefined;
}
