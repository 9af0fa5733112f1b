import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

/*
 * The project's own lint configuration enforces the one door to Notion and the direction of every
 * arrow (DESIGN.md: layers). These tests lint small snippets with that configuration and check that a
 * violation fails, and that the allowed form passes.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, relPath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const SDK_IMPORT = "import { Client } from '@notionhq/client';\nexport const c = Client;\n";

test('only src/core/notion may import the Notion SDK', async () => {
  for (const path of [
    'src/core/sync/probe.ts',
    'src/core/content/probe.ts',
    'src/cli/probe.ts',
    'src/extension/probe.ts',
    'src/sandbox/probe.ts',
  ]) {
    const found = await ruleIds(path, SDK_IMPORT);
    assert.ok(
      found.some((m) => m.startsWith('no-restricted-imports') && /Notion SDK/.test(m)),
      `${path}: ${found.join('; ')}`,
    );
  }
  const subpath = await ruleIds(
    'src/core/sync/probe.ts',
    "import type { SupportedFetch } from '@notionhq/client/build/src/fetch-types';\nexport type F = SupportedFetch;\n",
  );
  assert.ok(
    subpath.some((m) => m.startsWith('no-restricted-imports')),
    subpath.join('; '),
  );
  assert.deepEqual(await ruleIds('src/core/notion/probe.ts', SDK_IMPORT), []);
});

test('the raw SDK client is private to src/core/notion', async () => {
  const code = "import { sdk } from '../notion/sdk';\nexport const s = sdk;\n";
  const found = await ruleIds('src/core/sync/probe.ts', code);
  assert.ok(
    found.some((m) => m.startsWith('no-restricted-imports') && /private/.test(m)),
    found.join('; '),
  );
  assert.deepEqual(
    await ruleIds('src/core/notion/probe.ts', "import { sdk } from './sdk';\nexport const s = sdk;\n"),
    [],
  );
});

test('an arrow against the layer order fails; one along it passes', async () => {
  const up = await ruleIds(
    'src/core/content/probe.ts',
    "import { loadState } from '../sync/session';\nexport const l = loadState;\n",
  );
  assert.ok(
    up.some((m) => m.startsWith('import-x/no-restricted-paths')),
    up.join('; '),
  );
  const notionToSync = await ruleIds(
    'src/core/notion/probe.ts',
    "import type { SyncState } from '../sync/state';\nexport type S = SyncState;\n",
  );
  assert.ok(
    notionToSync.some((m) => m.startsWith('import-x/no-restricted-paths')),
    notionToSync.join('; '),
  );
  const coreToCli = await ruleIds(
    'src/core/audit/probe.ts',
    "import { runCli } from '../../cli/run';\nexport const r = runCli;\n",
  );
  assert.ok(
    coreToCli.some((m) => m.startsWith('import-x/no-restricted-paths')),
    coreToCli.join('; '),
  );
  const sandboxToCore = await ruleIds(
    'src/sandbox/probe.ts',
    "import { LIMITS } from '../core/content/limits';\nexport const l = LIMITS;\n",
  );
  assert.ok(
    sandboxToCore.some((m) => m.startsWith('import-x/no-restricted-paths')),
    sandboxToCore.join('; '),
  );
  const down = await ruleIds(
    'src/core/sync/probe.ts',
    "import { LIMITS } from '../content/limits';\nimport { queryRows } from '../notion/databases';\nexport const x = [LIMITS, queryRows];\n",
  );
  assert.deepEqual(down, []);
});

test('an import cycle fails lint', async () => {
  // Two files that import each other, linted with the project's configuration in a scratch project.
  const dir = await mkdtemp(join(tmpdir(), 'lint-cycle-'));
  try {
    await mkdir(join(dir, 'src/core/sync'), { recursive: true });
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
    );
    await writeFile(join(dir, 'src/core/sync/first.ts'), "import { b } from './second';\nexport const a = () => b;\n");
    await writeFile(join(dir, 'src/core/sync/second.ts'), "import { a } from './first';\nexport const b = () => a;\n");
    const scratch = new ESLint({ cwd: dir, overrideConfigFile: join(ROOT, 'eslint.config.mjs') });
    const results = await scratch.lintFiles(['src/core/sync/first.ts', 'src/core/sync/second.ts']);
    const cycles = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle'));
    assert.equal(cycles.length, 2, JSON.stringify(results.map((r) => r.messages)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
