// Cursor IDE. Stores (all SQLite, read-only — see sqlite.ts):
//  * global `<User>/globalStorage/state.vscdb`, table `cursorDiskKV`: `composerData:<composerId>` (one session) and
//    `bubbleId:<composerId>:<bubbleId>` (one message each, ordered by `fullConversationHeadersOnly`); older builds
//    keep the messages inline in `composerData.conversation[]`.
//  * per window `<User>/workspaceStorage/<hash>/state.vscdb`, `ItemTable`: `composer.composerData`
//    (`allComposers[]` heads / `selectedComposerIds`), `workbench.panel.composerChatViewPane*` (keys name composer
//    ids), and the legacy chat panel `workbench.panel.aichat.view.aichat.chatdata` (`tabs[].bubbles[]`) with
//    `aiService.prompts` (prompts only; listed as one "prompt history" session when nothing else is there).
//
// Matching — a composer belongs to the workspace when any of these says so:
//  (a) a matching workspace DB lists its id (`allComposers`, `selectedComposerIds`, composer chat view panes);
//  (b) `composerData.workspaceIdentifier` (Cursor ≥ 3.12): `id` is a matching workspaceStorage hash or
//      `uri.fsPath` is the workspace folder (or inside it);
//  (c) the global `composerHeaders` table / `ItemTable['composer.composerHeaders']` gives a matching workspace;
//  (d) only for composers none of the above claims and that carry no workspaceIdentifier: the `rootPath` of
//      `messageRequestContext:<composerId>:*` `projectLayouts` is the workspace folder (or inside it).
// "Matching workspace DB/hash" = a workspaceStorage folder whose workspace.json names the workspace folder.
//
// Folding of one composer's bubbles: cursor-composer.ts; the legacy chat panel: cursor-legacy.ts.
// Also under tool id `cursor`: the JSONL agent transcripts in ~/.cursor/projects (cursor-transcripts.ts; same ids
// as the composers — the copy with more messages wins, the database on a tie) and the cursor-agent CLI's
// ~/.cursor/chats stores (cursor-agent-cli.ts).
import { pathApi } from './paths';
import { type SqliteDb, prefixRange, sqlJson, tableExists } from './sqlite';
import type { ChatSession } from './types';
import { readCursorAgentCli } from './cursor-agent-cli';
import { composerSession } from './cursor-composer';
import { legacyPrompts, legacyTabs } from './cursor-legacy';
import { readCursorTranscripts } from './cursor-transcripts';
import { pathExists } from './files';
import { type Json, arr, errorMessage, isRecord, str } from './json';
import { type ReaderContext, checkAbort } from './reader-context';
import { type MatchedWorkspace, matchingWorkspaceStorages } from './workspace-storage';

const KNOWN_COMPOSER_VERSION = 17;

interface WorkspaceFindings {
  claimed: Map<string, string>; // composerId → folder
  heads: Map<string, { head: Json; file: string }>; // composerId → head from allComposers (may carry a legacy inline conversation)
  legacy: ChatSession[];
}

export async function readCursor(ctx: ReaderContext): Promise<ChatSession[]> {
  const p = pathApi(ctx.env.platform);
  const byId = new Map<string, ChatSession>();
  for (const { app, dir: userDir } of ctx.userDirs) {
    if (app !== 'Cursor' && app !== 'custom') continue;
    const globalDb = p.join(userDir, 'globalStorage', 'state.vscdb');
    const wsRoot = p.join(userDir, 'workspaceStorage');
    const globalExists = await pathExists(globalDb);
    const wsExists = await pathExists(wsRoot);
    ctx.searched('cursor', globalDb, globalExists);
    ctx.searched('cursor', wsRoot, wsExists);
    if (!globalExists && !wsExists) continue;

    const matched = wsExists ? await matchingWorkspaceStorages(userDir, ctx) : [];
    const findings: WorkspaceFindings = { claimed: new Map(), heads: new Map(), legacy: [] };
    for (const ws of matched) {
      checkAbort(ctx.signal);
      await readWorkspaceDb(ws, findings, ctx);
    }
    const fromGlobal = globalExists
      ? await readGlobalDb(globalDb, matched, findings, ctx)
      : { found: new Set<string>(), sessions: [] };
    for (const s of fromGlobal.sessions) add(byId, s);

    // Composers listed by a workspace whose body is not in the global DB: legacy inline conversations.
    for (const [cid, { head, file }] of findings.heads) {
      if (fromGlobal.found.has(cid) || !Array.isArray(head.conversation)) continue;
      const s = composerSession(head, new Map(), findings.claimed.get(cid) ?? ctx.workspaceFolder, [file]);
      if (s) add(byId, s);
    }
    for (const s of findings.legacy) add(byId, s);
  }
  const spoken = (s: ChatSession) => s.messages.filter((m) => m.text.trim()).length;
  for (const s of [...(await readCursorTranscripts(ctx)), ...(await readCursorAgentCli(ctx))]) {
    const prev = byId.get(s.id);
    if (!prev || spoken(s) > spoken(prev)) byId.set(s.id, s);
  }
  return [...byId.values()];
}

function add(map: Map<string, ChatSession>, s: ChatSession): void {
  const prev = map.get(s.id);
  if (!prev || s.updatedAt > prev.updatedAt) map.set(s.id, s);
}

async function openDb(file: string, ctx: ReaderContext, what: string): Promise<SqliteDb | undefined> {
  try {
    const opened = await ctx.openSqlite(file);
    for (const n of opened.notes) ctx.warn(file, n);
    return opened.db;
  } catch (err) {
    ctx.warn(file, `skipped: cannot open the ${what} (${errorMessage(err)})`);
    return undefined;
  }
}

async function readWorkspaceDb(ws: MatchedWorkspace, f: WorkspaceFindings, ctx: ReaderContext): Promise<void> {
  const p = pathApi(ctx.env.platform);
  const file = p.join(ws.dir, 'state.vscdb');
  if (!(await pathExists(file))) return;
  const db = await openDb(file, ctx, 'workspace state database');
  if (!db) return;
  try {
    const rows = db.all(
      "SELECT key, value FROM ItemTable WHERE key IN ('composer.composerData', 'workbench.panel.aichat.view.aichat.chatdata', 'aiService.prompts', 'aiService.generations') OR (key >= 'workbench.panel.composerChatViewPane' AND key < 'workbench.panel.composerChatViewPanf')",
    );
    const byKey = new Map<string, unknown>();
    for (const r of rows) {
      const key = String(r.key);
      const v = sqlJson(r.value);
      if (v === undefined) {
        ctx.warn(file, `skipped ItemTable['${key}']: not valid JSON`);
        continue;
      }
      byKey.set(key, v);
    }
    const composerData = byKey.get('composer.composerData');
    let composerCount = 0;
    if (isRecord(composerData)) {
      for (const h of arr(composerData.allComposers)) {
        if (isRecord(h) && typeof h.composerId === 'string') {
          f.claimed.set(h.composerId, ws.folder);
          f.heads.set(h.composerId, { head: h, file });
          composerCount++;
        }
      }
      for (const id of [...arr(composerData.selectedComposerIds), str(composerData.selectedComposerId)]) {
        if (typeof id === 'string' && id) f.claimed.set(id, ws.folder);
      }
    }
    for (const [key, v] of byKey) {
      if (!key.startsWith('workbench.panel.composerChatViewPane') || !isRecord(v)) continue;
      for (const k of Object.keys(v)) {
        const m = /^workbench\.panel\.aichat\.view\.(.+)$/.exec(k);
        if (m && m[1] !== 'aichat') f.claimed.set(m[1], ws.folder);
      }
    }
    const tabs = legacyTabs(byKey.get('workbench.panel.aichat.view.aichat.chatdata'), file, ws.folder);
    f.legacy.push(...tabs);
    if (!tabs.length && !composerCount) {
      const s = legacyPrompts(byKey.get('aiService.prompts'), byKey.get('aiService.generations'), file, ws);
      if (s) f.legacy.push(s);
    }
  } catch (err) {
    ctx.warn(file, `cannot read the workspace state database (${errorMessage(err)})`);
  } finally {
    db.close();
  }
}

function identifierFolder(
  wi: unknown,
  hashes: Map<string, string>,
  ctx: ReaderContext,
): { matches: boolean; folder?: string; present: boolean } {
  if (!isRecord(wi)) return { matches: false, present: false };
  const id = str(wi.id);
  if (id && hashes.has(id)) return { matches: true, folder: hashes.get(id), present: true };
  const uri = isRecord(wi.uri) ? wi.uri : undefined;
  const fsPath = str(uri?.fsPath) ?? str(uri?.path);
  if (fsPath && ctx.matcher.matches(fsPath)) return { matches: true, folder: fsPath, present: true };
  return { matches: false, present: !!(id || fsPath) };
}

function findRootPaths(v: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 5) return out;
  if (typeof v === 'string' && depth > 0 && v.startsWith('{')) {
    try {
      return findRootPaths(JSON.parse(v), depth + 1, out);
    } catch {
      return out;
    }
  }
  if (Array.isArray(v)) for (const x of v) findRootPaths(x, depth + 1, out);
  else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'rootPath' && typeof x === 'string') out.push(x);
      else findRootPaths(x, depth + 1, out);
    }
  }
  return out;
}

/** Reads matching composers from the global DB; returns the ids it found a body for. */
async function readGlobalDb(
  file: string,
  matched: MatchedWorkspace[],
  f: WorkspaceFindings,
  ctx: ReaderContext,
): Promise<{ found: Set<string>; sessions: ChatSession[] }> {
  const found = new Set<string>();
  const sessions: ChatSession[] = [];
  const db = await openDb(file, ctx, 'Cursor global state database');
  if (!db) return { found, sessions };
  const hashes = new Map(matched.map((m) => [m.hash, m.folder]));
  try {
    if (!tableExists(db, 'cursorDiskKV')) return { found, sessions };
    const subagents = new Set<string>();
    if (tableExists(db, 'composerHeaders')) {
      try {
        for (const r of db.all('SELECT * FROM composerHeaders')) {
          const cid = str(r.composerId);
          if (!cid) continue;
          if (Number(r.isSubagent) === 1) subagents.add(cid);
          const ws = str(r.workspaceId);
          if (ws && hashes.has(ws) && !f.claimed.has(cid)) f.claimed.set(cid, hashes.get(ws)!);
        }
      } catch (err) {
        ctx.warn(file, `cannot read the composerHeaders table (${errorMessage(err)})`);
      }
    }
    const headerRows = tableExists(db, 'ItemTable')
      ? db.all("SELECT value FROM ItemTable WHERE key = 'composer.composerHeaders'")
      : [];
    for (const r of headerRows) {
      const v = sqlJson(r.value);
      for (const h of arr(isRecord(v) ? v.allComposers : undefined)) {
        if (!isRecord(h) || typeof h.composerId !== 'string') continue;
        const m = identifierFolder(h.workspaceIdentifier, hashes, ctx);
        if (m.matches && !f.claimed.has(h.composerId)) f.claimed.set(h.composerId, m.folder ?? ctx.workspaceFolder);
      }
    }

    const [lo, hi] = prefixRange('composerData:');
    const rows = db.all('SELECT key, value FROM cursorDiskKV WHERE key >= ? AND key < ?', [lo, hi]);
    const badKeys: string[] = [];
    let newer = 0;
    let newestVersion = 0;
    for (const r of rows) {
      checkAbort(ctx.signal);
      const key = String(r.key);
      const cid = key.slice('composerData:'.length);
      const data = sqlJson(r.value);
      if (!isRecord(data)) {
        if (r.value !== null) badKeys.push(key);
        continue;
      }
      if (subagents.has(cid)) continue;
      const wi = identifierFolder(data.workspaceIdentifier, hashes, ctx);
      let folder = f.claimed.get(cid) ?? (wi.matches ? wi.folder : undefined);
      if (!folder && !wi.present) {
        const [clo, chi] = prefixRange(`messageRequestContext:${cid}:`);
        const ctxRows = db.all('SELECT value FROM cursorDiskKV WHERE key >= ? AND key < ? LIMIT 3', [clo, chi]);
        const root = ctxRows.flatMap((x) => findRootPaths(sqlJson(x.value))).find((rp) => ctx.matcher.matches(rp));
        if (root) folder = root;
      }
      if (!folder) continue;
      found.add(cid);
      if (typeof data._v === 'number' && data._v > KNOWN_COMPOSER_VERSION) {
        newer++;
        newestVersion = Math.max(newestVersion, data._v);
      }
      const [blo, bhi] = prefixRange(`bubbleId:${cid}:`);
      const bubbles = new Map<string, Json>();
      const badBubbles: string[] = [];
      for (const b of db.all('SELECT key, value FROM cursorDiskKV WHERE key >= ? AND key < ?', [blo, bhi])) {
        const v = sqlJson(b.value);
        const bid = String(b.key).slice(`bubbleId:${cid}:`.length);
        if (isRecord(v)) bubbles.set(bid, v);
        else if (b.value !== null) badBubbles.push(String(b.key));
      }
      if (badBubbles.length)
        ctx.warn(
          file,
          `skipped ${badBubbles.length} message row${badBubbles.length > 1 ? 's that are' : ' that is'} not valid JSON (${badBubbles.slice(0, 3).join(', ')})`,
        );
      const head = f.heads.get(cid)?.head;
      const s = composerSession({ ...(head ?? {}), ...data, composerId: cid }, bubbles, folder, [file]);
      if (s) sessions.push(s);
    }
    if (badKeys.length)
      ctx.warn(
        file,
        `skipped ${badKeys.length} composer row${badKeys.length > 1 ? 's that are' : ' that is'} not valid JSON (${badKeys.slice(0, 3).join(', ')})`,
      );
    if (newer)
      ctx.warn(
        file,
        `${newer} composer${newer > 1 ? 's have' : ' has'} format version ${newestVersion}, newer than the known ${KNOWN_COMPOSER_VERSION}; read best-effort`,
      );
  } catch (err) {
    ctx.warn(file, `cannot read the Cursor global state database (${errorMessage(err)})`);
  } finally {
    db.close();
  }
  return { found, sessions };
}
