// `<User>/workspaceStorage/<hash>/workspace.json` → which storage folders belong to the workspace folder.
// The hash is salted (inode / birth time), so it is never recomputed: every workspace.json is read and matched.
import { promises as fsp } from 'node:fs';
// The ESM build: the package's UMD `main` hides its inner requires from the bundler.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
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
    data = parseJsonc(stripBom(text));
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

/** Parses JSON with comments and trailing commas (a `.code-workspace` file) with jsonc-parser; throws on a syntax error. */
function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) throw new Error(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  return value;
}
