// Conformance of the File Upload API (create / send / complete / retrieve / list), its limits and statuses, and
// of image/file blocks that attach an upload — through the real SDK over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APIResponseError, Client, isFullBlock, isFullUser } from '@notionhq/client';
import { type Sandbox, startSandbox } from '../../src/sandbox';

const quiet = (): void => undefined;
const MiB = 1024 * 1024;

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 4096) b[i] = (i / 4096 + seed) % 251;
  return b;
}

async function validation(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(APIResponseError.isAPIResponseError(e), String(e));
    assert.equal(e.status, 400);
    assert.equal(e.code, 'validation_error');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('file uploads', () => {
  let sb: Sandbox;
  let n: Client;
  before(async () => {
    sb = await startSandbox({ quiet: true, extraTokens: ['ntn_other'] });
    n = new Client({ auth: sb.token, baseUrl: sb.url, logger: quiet, retry: false });
  });
  after(() => sb.close());

  const send = (id: string, data: Buffer, filename = 'pic.png', part?: string) =>
    n.fileUploads.send({
      file_upload_id: id,
      file: { filename, data: new Blob([new Uint8Array(data)], { type: 'image/png' }) },
      ...(part === undefined ? {} : { part_number: part }),
    });

  it('exposes the workspace upload limit on users/me (5 GiB by default, 5 MiB on a free plan)', async () => {
    const me = await n.users.me({});
    assert.ok(isFullUser(me) && me.type === 'bot');
    assert.equal(me.bot.workspace_limits.max_file_upload_size_in_bytes, 5 * 1024 * MiB);
    const free = await startSandbox({ quiet: true, maxFileUploadBytes: 5 * MiB });
    try {
      const f = new Client({ auth: free.token, baseUrl: free.url, logger: quiet, retry: false });
      const fme = await f.users.me({});
      assert.ok(isFullUser(fme) && fme.type === 'bot');
      assert.equal(fme.bot.workspace_limits.max_file_upload_size_in_bytes, 5 * MiB);
      const up = await f.fileUploads.create({ filename: 'big.bin' });
      await validation(
        f.fileUploads.send({
          file_upload_id: up.id,
          file: { filename: 'big.bin', data: new Blob([new Uint8Array(6 * MiB)]) },
        }),
        /exceeds the limit of 5242880 bytes/,
      );
    } finally {
      await free.close();
    }
  });

  it('single part: pending → send → uploaded; an image block shows it as a file with a URL that serves it', async () => {
    const created = await n.fileUploads.create({ filename: 'pic.png', content_type: 'image/png' });
    assert.equal(created.object, 'file_upload');
    assert.equal(created.status, 'pending');
    assert.equal(created.upload_url, `${sb.url}/v1/file_uploads/${created.id}/send`);
    assert.equal(created.content_length, null);
    assert.ok(created.expiry_time && Date.parse(created.expiry_time) > Date.now() + 59 * 60_000);
    const content = bytes(70_000, 1);
    const sent = await send(created.id, content);
    assert.equal(sent.status, 'uploaded');
    assert.equal(sent.content_length, content.length);
    assert.equal(sent.filename, 'pic.png');
    assert.equal(sent.file_import_result?.type, 'success');
    await validation(send(created.id, content), /status `uploaded`.*expected `pending`/);

    const page = await n.pages.create({
      parent: { page_id: sb.rootPageId },
      properties: { title: { title: [{ text: { content: 'With image' } }] } },
      children: [{ image: { type: 'file_upload', file_upload: { id: created.id } } }],
    });
    const appended = await n.blocks.children.append({
      block_id: page.id,
      children: [{ file: { type: 'file_upload', file_upload: { id: created.id }, name: 'again.png' } }],
    });
    assert.equal(appended.results.length, 1);
    const list = (await n.blocks.children.list({ block_id: page.id })).results.filter(isFullBlock);
    const image = list[0];
    assert.ok(image && image.type === 'image');
    assert.equal(image.image.type, 'file');
    assert.ok(image.image.type === 'file' && image.image.file.expiry_time);
    const url = image.image.type === 'file' ? image.image.file.url : '';
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(content));
    const fileBlock = list[1];
    assert.ok(fileBlock && fileBlock.type === 'file' && fileBlock.file.type === 'file');
    assert.equal(fileBlock.file.name, 'again.png');
    // Attached: it no longer expires.
    const after = await n.fileUploads.retrieve({ file_upload_id: created.id });
    assert.equal(after.status, 'uploaded');
    assert.equal(after.expiry_time, null);
  });

  it('refuses to attach a pending, an expired or an unknown upload', async () => {
    const pending = await n.fileUploads.create({});
    const child = (id: string) =>
      n.blocks.children.append({
        block_id: sb.rootPageId,
        children: [{ image: { type: 'file_upload', file_upload: { id } } }],
      });
    await validation(child(pending.id), /status `pending`; only an `uploaded` file upload can be attached/);
    const late = await n.fileUploads.create({ filename: 'late.png' });
    await send(late.id, bytes(1000, 2), 'late.png');
    sb.advanceClock(61 * 60_000);
    assert.equal((await n.fileUploads.retrieve({ file_upload_id: late.id })).status, 'expired');
    assert.equal((await n.fileUploads.retrieve({ file_upload_id: pending.id })).status, 'expired');
    await validation(child(late.id), /status `expired`/);
    await validation(send(pending.id, bytes(10, 3)), /status `expired`/);
    await validation(child('00000000-0000-4000-8000-000000000000'), /Could not find file_upload/);
    const expired = await n.fileUploads.list({ status: 'expired' });
    assert.ok(expired.results.some((r) => r.id === late.id));
    assert.ok(expired.results.every((r) => r.status === 'expired'));
    await assert.rejects(
      n.fileUploads.retrieve({ file_upload_id: '00000000-0000-4000-8000-000000000000' }),
      (e: unknown) => {
        assert.ok(APIResponseError.isAPIResponseError(e));
        return e.status === 404 && e.code === 'object_not_found';
      },
    );
  });

  it('two concurrent sends to one single-part upload: exactly one wins', async () => {
    const up = await n.fileUploads.create({ filename: 'race.png' });
    const results = await Promise.allSettled([send(up.id, bytes(300_000, 5)), send(up.id, bytes(300_000, 6))]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  });

  it('single part above 20 MiB is refused; create validates mode, parts and filename', async () => {
    const up = await n.fileUploads.create({ filename: 'huge.bin' });
    await validation(send(up.id, Buffer.alloc(20 * MiB + 1)), /exceeds the limit of 20971520 bytes/);
    assert.equal((await n.fileUploads.retrieve({ file_upload_id: up.id })).status, 'pending');
    await validation(
      n.fileUploads.create({ mode: 'multi_part', filename: 'x.bin' }),
      /number_of_parts should be defined/,
    );
    await validation(
      n.fileUploads.create({ mode: 'multi_part', filename: 'x.bin', number_of_parts: 1001 }),
      /number_of_parts should be between `1` and `1000`/,
    );
    await validation(n.fileUploads.create({ mode: 'bulk' as never }), /body.mode should be/);
    await validation(n.fileUploads.create({ filename: 'a'.repeat(901) }), /filename should be ≤ `900` bytes/);
  });

  it('multi part: parts of 5–20 MiB (the last smaller), in any order, then complete', async () => {
    const up = await n.fileUploads.create({
      mode: 'multi_part',
      filename: 'video.mp4',
      content_type: 'video/mp4',
      number_of_parts: 3,
    });
    assert.equal(up.status, 'pending');
    assert.deepEqual(up.number_of_parts, { total: 3, sent: 0 });
    assert.equal(up.complete_url, `${sb.url}/v1/file_uploads/${up.id}/complete`);
    const p1 = bytes(5 * MiB, 11);
    const p2 = bytes(5 * MiB, 12);
    const p3 = bytes(1234, 13);
    await validation(send(up.id, bytes(1000, 1), 'video.mp4', '1'), /at least 5242880 bytes/);
    await validation(send(up.id, p3, 'video.mp4'), /part_number should be a stringified integer/);
    await validation(send(up.id, p3, 'video.mp4', '4'), /part_number should be between `1` and `3`/);
    const s3 = await send(up.id, p3, 'video.mp4', '3');
    assert.equal(s3.status, 'pending');
    assert.deepEqual(s3.number_of_parts, { total: 3, sent: 1 });
    await send(up.id, p1, 'video.mp4', '1');
    await validation(n.fileUploads.complete({ file_upload_id: up.id }), /missing part\(s\) 2/);
    await send(up.id, p2, 'video.mp4', '2');
    const done = await n.fileUploads.complete({ file_upload_id: up.id });
    assert.equal(done.status, 'uploaded');
    assert.equal(done.content_length, p1.length + p2.length + p3.length);
    assert.deepEqual(done.number_of_parts, { total: 3, sent: 3 });
    await validation(n.fileUploads.complete({ file_upload_id: up.id }), /status `uploaded`/);
    const single = await n.fileUploads.create({});
    await validation(n.fileUploads.complete({ file_upload_id: single.id }), /not a multi_part upload/);
    const appended = await n.blocks.children.append({
      block_id: sb.rootPageId,
      children: [{ video: { type: 'file_upload', file_upload: { id: up.id } } }],
    });
    const video = appended.results[0];
    assert.ok(video && isFullBlock(video) && video.type === 'video' && video.video.type === 'file');
    const got = Buffer.from(await (await fetch(video.video.file.url)).arrayBuffer());
    assert.ok(got.equals(Buffer.concat([p1, p2, p3])));
  });

  it('external_url: imported at once; the block keeps the external URL', async () => {
    const up = await n.fileUploads.create({ mode: 'external_url', external_url: 'https://example.com/a/logo.png' });
    assert.equal(up.status, 'uploaded');
    assert.equal(up.filename, 'logo.png');
    await validation(n.fileUploads.create({ mode: 'external_url', external_url: 'http://example.com/x.png' }), /HTTPS/);
    const res = await n.blocks.children.append({
      block_id: sb.rootPageId,
      children: [{ image: { type: 'file_upload', file_upload: { id: up.id } } }],
    });
    const img = res.results[0];
    assert.ok(img && isFullBlock(img) && img.type === 'image' && img.image.type === 'file');
    assert.equal(img.image.file.url, 'https://example.com/a/logo.png');
  });

  it('an uploaded file can be a page icon, a cover and a files property value', async () => {
    const up = await n.fileUploads.create({ filename: 'icon.png' });
    await send(up.id, bytes(500, 4), 'icon.png');
    const db = await n.databases.create({
      parent: { type: 'page_id', page_id: sb.rootPageId },
      title: [{ text: { content: 'Assets' } }],
      initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } },
    });
    const dsId = (db as { data_sources: { id: string }[] }).data_sources[0]?.id as string;
    const row = await n.pages.create({
      parent: { data_source_id: dsId },
      icon: { type: 'file_upload', file_upload: { id: up.id } },
      cover: { type: 'file_upload', file_upload: { id: up.id } },
      properties: {
        Name: { title: [{ text: { content: 'logo' } }] },
        Files: { files: [{ name: 'icon.png', file_upload: { id: up.id } }] },
      },
    });
    assert.ok('icon' in row && row.icon?.type === 'file');
    assert.ok(row.cover?.type === 'file');
    const files = row.properties.Files;
    assert.ok(files?.type === 'files');
    const first = files.files[0];
    assert.ok(first && first.type === 'file');
    assert.equal(first.name, 'icon.png');
    assert.equal((await fetch(first.file.url)).status, 200);
    const pending = await n.fileUploads.create({});
    await validation(
      n.pages.update({ page_id: row.id, icon: { type: 'file_upload', file_upload: { id: pending.id } } }),
      /status `pending`/,
    );
  });

  it('lists the integration’s own uploads, newest first, paginated', async () => {
    const other = new Client({ auth: 'ntn_other', baseUrl: sb.url, logger: quiet, retry: false });
    const mine = await n.fileUploads.list({ page_size: 2 });
    assert.equal(mine.object, 'list');
    assert.equal(mine.type, 'file_upload');
    assert.equal(mine.results.length, 2);
    assert.equal(mine.has_more, true);
    assert.ok(mine.next_cursor);
    const theirsBefore = await other.fileUploads.list({});
    assert.equal(theirsBefore.results.length, 0);
    const theirs = await other.fileUploads.create({});
    const list = await other.fileUploads.list({});
    assert.deepEqual(
      list.results.map((r) => r.id),
      [theirs.id],
    );
  });
});
