import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultStateDir } from '../../src/core/sync';
import { BaseStore, sha256 } from '../../src/core/sync/pull';

let root: string;
before(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'base-store-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const dir = join(root, name);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

describe('base store', () => {
  test('stores exact bytes (BOM, CRLF, no final newline) and gives them back, content-addressed', async () => {
    const dir = await fresh('exact');
    const store = await BaseStore.open('/ws/a', dir);
    const text = '\uFEFF# T\r\n\r\nBody without newline';
    const hash = await store.put('plans/a.md', text, { pageId: 'p1', lastEditedTime: '2026-01-01T00:00:00.000Z' });
    assert.equal(hash, sha256(Buffer.from(text, 'utf8')));
    assert.equal(await store.getText('plans/a.md'), text);
    assert.deepEqual(await fs.readdir(join(dir, 'bases', 'objects', hash.slice(0, 2))), [hash]);
    assert.equal(store.entry('plans/a.md')?.pageId, 'p1');
    // A new instance reads the index from disk.
    const again = await BaseStore.open('/ws/a', dir);
    assert.equal(await again.getText('plans/a.md'), text);
    assert.equal(await again.get('plans/missing.md'), undefined);
  });

  test('the same content under two keys is one object; a new version replaces the key', async () => {
    const dir = await fresh('dedupe');
    const store = await BaseStore.open('/ws/a', dir);
    await store.put('a.md', 'same');
    await store.put('b.md', 'same');
    await store.put('a.md', 'newer');
    const objects = (await fs.readdir(join(dir, 'bases', 'objects'), { recursive: true })).filter((p) => p.length > 3);
    assert.equal(objects.length, 2);
    assert.equal(await store.getText('a.md'), 'newer');
    assert.equal(await store.getText('b.md'), 'same');
  });

  test('a corrupt or missing object reads as no base (the safe fallback), never as wrong text', async () => {
    const dir = await fresh('corrupt');
    const store = await BaseStore.open('/ws/a', dir);
    const hash = await store.put('a.md', 'original');
    await fs.writeFile(join(dir, 'bases', 'objects', hash.slice(0, 2), hash), 'tampered');
    assert.equal(await store.get('a.md'), undefined);
    await fs.rm(join(dir, 'bases', 'objects', hash.slice(0, 2), hash));
    assert.equal(await store.get('a.md'), undefined);
    // Putting it again repairs the object.
    await store.put('a.md', 'original');
    assert.equal(await store.getText('a.md'), 'original');
  });

  test('an unreadable index is an empty store; workspaces have their own index', async () => {
    const dir = await fresh('index');
    const a = await BaseStore.open('/ws/a', dir);
    await a.put('x.md', 'A');
    const b = await BaseStore.open('/ws/b', dir);
    assert.equal(await b.get('x.md'), undefined);
    await fs.writeFile(a.indexFile, '{not json');
    const reopened = await BaseStore.open('/ws/a', dir);
    assert.deepEqual(reopened.keys(), []);
  });

  test('two writers (two processes) both keep their entries', async () => {
    const dir = await fresh('writers');
    const one = await BaseStore.open('/ws/a', dir);
    const two = await BaseStore.open('/ws/a', dir);
    await one.put('one.md', '1');
    await two.put('two.md', '2');
    const seen = await BaseStore.open('/ws/a', dir);
    assert.deepEqual(seen.keys().sort(), ['one.md', 'two.md']);
  });

  test('rename moves a base with its file; delete and gc drop unreferenced objects only', async () => {
    const dir = await fresh('gc');
    const a = await BaseStore.open('/ws/a', dir);
    const other = await BaseStore.open('/ws/other', dir);
    await a.put('old.md', 'moved content');
    await a.put('gone.md', 'deleted content');
    await other.put('kept.md', 'deleted content');
    await a.rename('old.md', 'new.md');
    assert.equal(await a.get('old.md'), undefined);
    assert.equal(await a.getText('new.md'), 'moved content');
    await a.delete('gone.md');
    await a.put('scratch.md', 'scratch');
    await a.delete('scratch.md');
    assert.equal(
      await a.gc(),
      1,
      'only "scratch" is unreferenced: "deleted content" is still the other workspace\'s base',
    );
    assert.equal(await other.getText('kept.md'), 'deleted content');
    assert.equal(await a.getText('new.md'), 'moved content');
  });

  test('lives beside the block-id cache: NOTION_SYNC_STATE_DIR', async () => {
    const dir = await fresh('env');
    const stateDir = defaultStateDir({ NOTION_SYNC_STATE_DIR: dir });
    const store = await BaseStore.open('/ws/a', stateDir);
    await store.put('a.md', 'x');
    assert.ok(store.indexFile.startsWith(join(dir, 'bases')));
  });
});
