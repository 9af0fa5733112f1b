import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { defaultStateDir } from '../state';

/**
 * The base of each item: the exact bytes both sides last agreed on (the file as pushed, or as
 * pulled when it then matched Notion), for the three-way merge of pull. Kept beside the block-id
 * cache (state.ts, `NOTION_SYNC_STATE_DIR`):
 *
 *     <state dir>/bases/objects/<first 2 hex>/<sha256>   content-addressed, written once
 *     <state dir>/bases/<workspace id>.json              index: item key → sha256 (+ page facts)
 *
 * Like the rest of the state it is a cache: losing it costs a safe fallback (pull without a base),
 * never an edit. Objects are verified against their hash when read.
 */

export interface BaseEntry {
  sha256: string;
  size: number;
  /** When the base was stored (ISO). */
  savedAt: string;
  /** The row's page and its last_edited_time when the base was stored, where known. */
  pageId?: string;
  lastEditedTime?: string;
}

interface IndexFile {
  version: 1;
  workspaceRoot: string;
  items: Record<string, BaseEntry>;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

export class BaseStore {
  private constructor(
    readonly dir: string,
    readonly indexFile: string,
    private index: IndexFile,
  ) {}

  /** The store of one workspace (the same id as its state file). */
  static async open(workspaceRoot: string, stateDir: string = defaultStateDir()): Promise<BaseStore> {
    const dir = join(stateDir, 'bases');
    const id = createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 20);
    const indexFile = join(dir, `${id}.json`);
    const store = new BaseStore(dir, indexFile, { version: 1, workspaceRoot, items: {} });
    store.index = await store.readIndex();
    return store;
  }

  private async readIndex(): Promise<IndexFile> {
    const empty: IndexFile = { version: 1, workspaceRoot: this.index.workspaceRoot, items: {} };
    try {
      const parsed = JSON.parse(await fs.readFile(this.indexFile, 'utf8')) as IndexFile;
      if (parsed?.version === 1 && parsed.workspaceRoot === empty.workspaceRoot && parsed.items) return parsed;
    } catch {
      // missing or unreadable: no bases (a cache)
    }
    return empty;
  }

  private objectPath(hash: string): string {
    return join(this.dir, 'objects', hash.slice(0, 2), hash);
  }

  /** Re-reads the index, applies `change`, writes it back: other processes' entries are kept. */
  private async update(change: (items: Record<string, BaseEntry>) => void): Promise<void> {
    const fresh = await this.readIndex();
    change(fresh.items);
    await fs.mkdir(this.dir, { recursive: true });
    await writeAtomic(this.indexFile, JSON.stringify(fresh));
    this.index = fresh;
  }

  entry(key: string): BaseEntry | undefined {
    return this.index.items[key];
  }

  keys(): string[] {
    return Object.keys(this.index.items);
  }

  /** The base's bytes, or undefined when there is none (or its object is missing or corrupt). */
  async get(key: string): Promise<Buffer | undefined> {
    const entry = this.index.items[key];
    if (!entry) return undefined;
    try {
      const bytes = await fs.readFile(this.objectPath(entry.sha256));
      return sha256(bytes) === entry.sha256 ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** The base as text (UTF-8, BOM and line endings kept), or undefined. */
  async getText(key: string): Promise<string | undefined> {
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  }

  /** Stores `content` as the base of `key` (the object first, then the index). Returns its sha256. */
  async put(
    key: string,
    content: Uint8Array | string,
    meta: { pageId?: string; lastEditedTime?: string } = {},
  ): Promise<string> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const hash = sha256(bytes);
    const file = this.objectPath(hash);
    let present = false;
    try {
      present = sha256(await fs.readFile(file)) === hash;
    } catch {
      present = false;
    }
    if (!present) {
      await fs.mkdir(join(this.dir, 'objects', hash.slice(0, 2)), { recursive: true });
      await writeAtomic(file, bytes);
    }
    const entry: BaseEntry = { sha256: hash, size: bytes.length, savedAt: new Date().toISOString(), ...meta };
    await this.update((items) => {
      items[key] = entry;
    });
    return hash;
  }

  /** Forgets the base of `key` (the object stays until `gc`). */
  async delete(key: string): Promise<void> {
    if (!(key in this.index.items)) return;
    await this.update((items) => {
      delete items[key];
    });
  }

  /** The item moved (its file was renamed): its base moves with it. */
  async rename(from: string, to: string): Promise<void> {
    await this.update((items) => {
      const entry = items[from];
      if (!entry) return;
      delete items[from];
      items[to] = entry;
    });
  }

  /**
   * Deletes objects no index in this state directory refers to (other workspaces' bases are kept).
   * Returns how many were removed.
   */
  async gc(): Promise<number> {
    const used = new Set<string>();
    let names: string[] = [];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return 0;
    }
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        const idx = JSON.parse(await fs.readFile(join(this.dir, name), 'utf8')) as IndexFile;
        for (const e of Object.values(idx.items ?? {})) used.add(e.sha256);
      } catch {
        // an unreadable index protects nothing, but we cannot tell what it held: keep everything
        return 0;
      }
    }
    let removed = 0;
    const objects = join(this.dir, 'objects');
    for (const prefix of await fs.readdir(objects).catch(() => [] as string[])) {
      for (const hash of await fs.readdir(join(objects, prefix)).catch(() => [] as string[])) {
        if (used.has(hash) || hash.endsWith('.tmp')) continue;
        await fs.rm(join(objects, prefix, hash), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
