// Where each tool keeps its stores, and how a stored folder is matched against the workspace folder.
// Everything here is pure (no file system) so that it can be tested for every platform on any machine.
import * as path from 'node:path';

export interface PlatformEnv {
  home: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
}

export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Windows and macOS file systems are case-insensitive by default; Linux is not. */
export function caseInsensitive(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/**
 * Canonical spelling of a folder for comparisons: resolved (`.`/`..` removed, separators normalised), no trailing
 * separator (except a root such as `/` or `C:\`), lower-cased on win32/darwin. Returns '' for empty input.
 */
export function normalizeFolder(folder: string, platform: NodeJS.Platform): string {
  if (!folder) return '';
  const p = pathApi(platform);
  let f = folder;
  if (platform === 'win32') f = f.replace(/\//g, '\\');
  f = p.isAbsolute(f) ? p.normalize(f) : p.resolve(f);
  const root = p.parse(f).root;
  while (f.length > root.length && (f.endsWith(p.sep) || (platform === 'win32' && f.endsWith('/')))) f = f.slice(0, -1);
  return caseInsensitive(platform) ? f.toLowerCase() : f;
}

/**
 * THE MATCHING RULE (all readers use it): a stored folder belongs to the workspace when, after `normalizeFolder`,
 * it is the workspace folder itself or a folder inside it (`<ws>/packages/api` counts, `<ws>-2` and the parent of
 * `<ws>` do not). Sessions started in a subfolder are work on this repository, so they are listed; sessions of any
 * other folder are never listed.
 */
export function isSameOrInside(candidate: string | undefined, workspace: string, platform: NodeJS.Platform): boolean {
  if (!candidate || !workspace) return false;
  const c = normalizeFolder(candidate, platform);
  const w = normalizeFolder(workspace, platform);
  if (!c || !w) return false;
  if (c === w) return true;
  const sep = pathApi(platform).sep;
  const prefix = w.endsWith(sep) ? w : w + sep;
  return c.startsWith(prefix);
}

/** Matches stored folders against the workspace folder and its aliases (e.g. its real path behind a symlink). */
export class WorkspaceMatcher {
  readonly folders: string[];
  constructor(
    readonly workspaceFolder: string,
    readonly platform: NodeJS.Platform,
    aliases: string[] = [],
  ) {
    const all = [workspaceFolder, ...aliases].filter(Boolean);
    this.folders = [...new Set(all.map((f) => normalizeFolder(f, platform)))];
  }

  matches(candidate: string | undefined): boolean {
    if (!candidate) return false;
    return this.folders.some((f) => isSameOrInside(candidate, f, this.platform));
  }
}

/**
 * A folder from a `file:` URI as VS Code writes it in `workspace.json` (`file:///home/a/app`,
 * `file:///c%3A/Users/a/app`, `file://server/share/app`). `vscode-remote://wsl+<distro>/…` gives the Linux path
 * (useful when the CLI runs inside that WSL distribution); other remote authorities (ssh, containers, tunnels)
 * live on another machine and give undefined.
 */
export function folderFromUri(uri: string | undefined, platform: NodeJS.Platform): string | undefined {
  if (!uri || typeof uri !== 'string') return undefined;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(\/.*)?$/.exec(uri);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  const authority = safeDecode(m[2]);
  let p = safeDecode((m[3] ?? '/').replace(/[?#].*$/, ''));
  if (scheme === 'file') {
    if (platform === 'win32') {
      if (/^\/[a-zA-Z]:/.test(p)) p = p.slice(1);
      p = p.replace(/\//g, '\\');
      if (authority) return `\\\\${authority}${p}`;
      return p;
    }
    return authority ? `//${authority}${p}` : p;
  }
  if (scheme === 'vscode-remote' && /^wsl\+/i.test(authority) && platform !== 'win32') return p;
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Locations

/** VS Code–family editors whose `User` folder is searched by default. */
export const EDITOR_APPS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor'] as const;
export type EditorApp = (typeof EDITOR_APPS)[number] | 'custom';

export interface EditorUserDir {
  app: EditorApp;
  dir: string;
}

/** The folder that holds `<App>/User` on each platform. */
export function editorConfigRoot(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  if (e.platform === 'win32') return nonEmpty(e.env.APPDATA) ?? p.join(e.home, 'AppData', 'Roaming');
  if (e.platform === 'darwin') return p.join(e.home, 'Library', 'Application Support');
  return nonEmpty(e.env.XDG_CONFIG_HOME) ?? p.join(e.home, '.config');
}

/** Default `User` folders of VS Code, VS Code Insiders, VSCodium and Cursor, then the explicit ones (deduplicated). */
export function editorUserDirs(e: PlatformEnv, explicit: string[] = []): EditorUserDir[] {
  const p = pathApi(e.platform);
  const root = editorConfigRoot(e);
  const out: EditorUserDir[] = EDITOR_APPS.map((app) => ({ app, dir: p.join(root, app, 'User') }));
  for (const dir of explicit) if (dir) out.push({ app: 'custom', dir: p.resolve(dir) });
  const seen = new Set<string>();
  return out.filter((d) => {
    const k = normalizeFolder(d.dir, e.platform);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Claude Code config dirs: `$CLAUDE_CONFIG_DIR` (comma-separated list allowed), else `~/.claude` and `$XDG_CONFIG_HOME/claude`. */
export function claudeConfigDirs(e: PlatformEnv): string[] {
  const p = pathApi(e.platform);
  const fromEnv = nonEmpty(e.env.CLAUDE_CONFIG_DIR);
  if (fromEnv) {
    return fromEnv
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => p.resolve(expandHome(s, e)));
  }
  const xdg = nonEmpty(e.env.XDG_CONFIG_HOME) ?? p.join(e.home, '.config');
  return [p.join(e.home, '.claude'), p.join(xdg, 'claude')];
}

/** Codex home: `$CODEX_HOME`, else `~/.codex`. */
export function codexHome(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  const fromEnv = nonEmpty(e.env.CODEX_HOME);
  return fromEnv ? p.resolve(expandHome(fromEnv, e)) : p.join(e.home, '.codex');
}

/** Cline ≥ 4 file store: `$CLINE_DATA_DIR`, else `~/.cline/data`. */
export function clineDataDir(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  const fromEnv = nonEmpty(e.env.CLINE_DATA_DIR);
  return fromEnv ? p.resolve(expandHome(fromEnv, e)) : p.join(e.home, '.cline', 'data');
}

/** Extension ids (lower-cased, as VS Code names their globalStorage folders). */
export const CLINE_FAMILY_EXTENSION_IDS = {
  cline: 'saoudrizwan.claude-dev',
  roo: 'rooveterinaryinc.roo-cline',
  kilo: 'kilocode.kilo-code',
  // chats-b (issue 15): the Roo Code fork, published as `ZooCodeOrganization.zoo-code` since 3.54.0
  // (Zoo-Code-Org/Zoo-Code release notes v3.54.0, 2026-05-08)
  'zoo-code': 'zoocodeorganization.zoo-code',
} as const;

// --- chats-a: Gemini CLI, OpenCode, Cursor agent transcripts / cursor-agent ---

/**
 * Gemini CLI's global folder: `$GEMINI_CLI_HOME/.gemini` (the variable replaces the home folder), else `~/.gemini`
 * (google-gemini/gemini-cli `packages/core/src/utils/paths.ts` homedir(); research agent_chats.md §6).
 */
export function geminiDir(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  const fromEnv = nonEmpty(e.env.GEMINI_CLI_HOME);
  return p.join(fromEnv ? p.resolve(expandHome(fromEnv, e)) : e.home, '.gemini');
}

/**
 * OpenCode's data folder: `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode` on every platform (it uses
 * xdg-basedir; anomalyco/opencode `packages/opencode/src/global/index.ts`). Holds `opencode.db` (≥ 1.2) and the
 * older JSON `storage/`.
 */
export function opencodeDataDir(e: PlatformEnv): string {
  const p = pathApi(e.platform);
  const xdg = nonEmpty(e.env.XDG_DATA_HOME);
  return p.join(xdg ? p.resolve(expandHome(xdg, e)) : p.join(e.home, '.local', 'share'), 'opencode');
}

/** Cursor's per-user folder (agent transcripts, cursor-agent chats): `~/.cursor` (`%USERPROFILE%\.cursor`). */
export function cursorHomeDir(e: PlatformEnv): string {
  return pathApi(e.platform).join(e.home, '.cursor');
}

// --- chats-b: more tools ---

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() ? v.trim() : undefined;
}

function expandHome(p: string, e: PlatformEnv): string {
  if (p === '~') return e.home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return pathApi(e.platform).join(e.home, p.slice(2));
  return p;
}
