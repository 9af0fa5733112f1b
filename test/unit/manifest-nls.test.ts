// The manifest's user-facing strings live in package.nls.json (VS Code resolves %key% from it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const manifest = readFileSync(join(root, 'package.json'), 'utf8');
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

test('every %key% of package.json is in package.nls.json, and every key there is used', () => {
  const used = new Set([...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]!));
  assert.ok(used.size > 40, `${used.size} placeholders`);
  for (const k of used) assert.equal(typeof nls[k], 'string', `package.nls.json lacks ${k}`);
  for (const k of Object.keys(nls)) assert.ok(used.has(k), `${k} is not used by package.json`);
});

test('no user-facing manifest string is left untranslated', () => {
  const m = JSON.parse(manifest);
  const c = m.contributes;
  const strings = [
    m.displayName,
    m.description,
    ...c.commands.flatMap((x: { title: string; category?: string }) => [x.title, x.category ?? '%x%']),
    ...c.viewsWelcome.map((x: { contents: string }) => x.contents),
    ...Object.values(c.configuration.properties).map((p) => (p as { markdownDescription: string }).markdownDescription),
    ...c.colors.map((x: { description: string }) => x.description),
  ];
  for (const s of strings) assert.match(s, /^%[\w.-]+%$/);
});

test('the .vsix keeps package.nls.json (.vscodeignore is an allow-list)', () => {
  assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!package\.nls\.json$/m);
});
