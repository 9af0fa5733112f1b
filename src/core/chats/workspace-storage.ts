// `<User>/workspaceStorage/<hash>/workspace.json` → which storage folders belong to the workspace folder.
// The hash is salted (inode / birth time), so it is never recomputed: every workspace.json is read and matched.
import { promises as fsp } from 'node:fs';
import { folderFromUri, pathApi } from './paths';
import type { ReaderContext } from './reader-context';
import { listDir, pathExists } from './files';
import { errorMessage, isRecord, str, stripBom } from './json';

export interface MatchedWorkspace {
  /** the workspaceStorage folder name */
  hash: string;
  /** `<User>/workspaceStorage/<hash>` */
  dir: string;
  /** the folder the window was opened on (or the matching folder of a multi-root `.code-workspace`) */
  folder: string;
}

/**
 * Storage folders whose window was opened on the workspace folder (or a folder inside it), either as
 * `{"folder": "file:///…"}` or as a multi-root `{"workspace": "file:///…/x.code-workspace"}` that lists it.
 */
export async function matchingWorkspaceStorages(userDir: string, ctx: ReaderContext): Promise<MatchedWorkspace[]> {
  const p = pathApi(ctx.env.platform);
  const root = p.join(userDir, 'workspaceStorage');
  const out: MatchedWorkspace[] = [];
  for (const e of await listDir(root)) {
    if (!e.isDir) continue;
    const dir = p.join(root, e.name);
    const wsFile = p.join(dir, 'workspace.json');
    if (!(await pathExists(wsFile))) continue;
    let data: unknown;
    try {
      data = JSON.parse(stripBom(await fsp.readFile(wsFile, 'utf8')));
    } catch (err) {
      ctx.warn(wsFile, `skipped: cannot read workspace.json (${errorMessage(err)})`);
      continue;
    }
    if (!isRecord(data)) continue;
    const folder = folderFromUri(str(data.folder), ctx.env.platform);
    if (folder) {
      if (ctx.matcher.matches(folder)) out.push({ hash: e.name, dir, folder });
      continue;
    }
    const wsConfig = folderFromUri(str(data.workspace), ctx.env.platform);
    if (wsConfig) {
      const f = await codeWorkspaceFolders(wsConfig, ctx);
      const hit = f.find((x) => ctx.matcher.matches(x));
      if (hit) out.push({ hash: e.name, dir, folder: hit });
    }
  }
  return out;
}

/** Folders listed in a `.code-workspace` file (JSON with comments), resolved against the file's folder. */
async function codeWorkspaceFolders(file: string, ctx: ReaderContext): Promise<string[]> {
  const p = pathApi(ctx.env.platform);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    return []; // a workspace file that no longer exists: nothing to match
  }
  let data: unknown;
  try {
    data = JSON.parse(stripJsonComments(stripBom(text)));
  } catch (err) {
    ctx.warn(file, `skipped: cannot parse the workspace file (${errorMessage(err)})`);
    return [];
  }
  if (!isRecord(data) || !Array.isArray(data.folders)) return [];
  const out: string[] = [];
  for (const f of data.folders) {
    if (!isRecord(f)) continue;
    const fromPath = str(f.path);
    const fromUri = folderFromUri(str(f.uri), ctx.env.platform);
    if (fromPath) out.push(p.isAbsolute(fromPath) ? fromPath : p.resolve(p.dirname(file), fromPath));
    else if (fromUri) out.push(fromUri);
  }
  return out;
}

/** Removes // and /* *\/ comments and trailing commas outside strings. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
    } else if (c === '"') {
      inString = true;
      out += c;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
