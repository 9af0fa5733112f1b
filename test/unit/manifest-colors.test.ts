// Theme colours: each one the manifest contributes is used by a badge, and each one a badge uses is contributed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

test('every contributed colour is used in src/extension, and every notionSync.* colour used there is contributed', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { colors: Array<{ id: string }> };
  };
  const contributed = new Set(manifest.contributes.colors.map((c) => c.id));
  const dir = join(root, 'src', 'extension');
  const source = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const used = new Set([...source.matchAll(/'(notionSync\.[a-zA-Z]+Foreground)'/g)].map((m) => m[1]!));
  assert.ok(used.size > 0, 'no colour found in src/extension');
  for (const id of contributed) assert.ok(used.has(id), `${id} is contributed but no badge uses it`);
  for (const id of used) assert.ok(contributed.has(id), `${id} is used but not contributed`);
});
