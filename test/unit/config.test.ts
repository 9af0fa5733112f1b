import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  ConfigError,
  DEFAULT_MAX_FILE_BYTES,
  loadConfig,
  normalizeNotionId,
  writeConfigPatch,
  writeConfigPatchDetailed,
} from '../../src/core/config';
import { parseJsoncTree } from '../../src/core/config/json-tree';

const tmpRoots: string[] = [];
after(async () => {
  await Promise.all(tmpRoots.map((d) => rm(d, { recursive: true, force: true })));
});

async function workspace(config?: string, name = 'ws-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `nsync-config-${name}`));
  tmpRoots.push(dir);
  if (config !== undefined) await writeFile(path.join(dir, '.notion-sync.json'), config);
  return dir;
}

async function configError(config: string): Promise<ConfigError> {
  const dir = await workspace(config);
  try {
    await loadConfig(dir);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadConfig to throw');
}

const ID = '0123456789abcdef0123456789abcdef';
const DASHED = '01234567-89ab-cdef-0123-456789abcdef';

describe('loadConfig: defaults', () => {
  test('no file gives the contract defaults', async () => {
    const dir = await workspace(undefined, 'my-repo-');
    const c = await loadConfig(dir);
    assert.equal(c.root, path.resolve(dir));
    assert.equal(c.configFile, undefined);
    assert.equal(c.workspaceName, path.basename(dir));
    assert.deepEqual(Object.keys(c.categories), ['plans', 'reports', 'scripts', 'agentChats']);
    assert.deepEqual(c.categories.plans, { name: 'plans', include: ['plans/**/*.md'], exclude: [] });
    assert.deepEqual(c.categories.reports.include, ['reports/**/*.md']);
    assert.deepEqual(c.categories.scripts.include, ['scripts/**/*.{py,js,ts,sh,ps1,rb,go}']);
    assert.deepEqual(c.categories.agentChats.include, ['agent-chats/**/*.md', '.specstory/history/**/*.md']);
    assert.deepEqual(c.categories.agentChats.capture, ['claude-code', 'cursor', 'copilot', 'codex', 'cline']);
    assert.deepEqual(c.triggerFiles, {
      inbox: ['**/inbox/**'],
      processed: ['**/processed/**'],
      failed: ['**/failed/**'],
      staleAfterHours: 24,
    });
    assert.deepEqual(c.exclude, ['**/node_modules/**', '**/.git/**']);
    assert.equal(c.maxFileBytes, 2 * 1024 * 1024);
    assert.equal(DEFAULT_MAX_FILE_BYTES, 2 * 1024 * 1024);
    assert.deepEqual(c.executionLogs, {});
    assert.equal(c.parentPageId, undefined);
    assert.equal(c.apiBaseUrl, undefined);
    assert.deepEqual(c.warnings, []);
  });

  test('an empty file is the defaults too', async () => {
    const dir = await workspace('  \n');
    const c = await loadConfig(dir);
    assert.equal(c.configFile, path.join(dir, '.notion-sync.json'));
    assert.deepEqual(c.categories.plans.include, ['plans/**/*.md']);
  });

  test('a missing workspace folder is a ConfigError', async () => {
    await assert.rejects(
      loadConfig(path.join(tmpdir(), 'nsync-does-not-exist-4711')),
      (err: unknown) => err instanceof ConfigError && err.key === 'workspace',
    );
  });
});

describe('loadConfig: the file', () => {
  test('accepts jsonc: comments and trailing commas, and merges with defaults', async () => {
    const dir = await workspace(`// leading comment
{
  /* block
     comment */
  "workspaceName": "seren-media-workflows", // trailing comment
  "parentPageId": "https://www.notion.so/Team-Home-${ID}?v=ffffffffffffffffffffffffffffffff",
  "apiBaseUrl": "http://127.0.0.1:8787/",
  "categories": {
    "plans": { "databaseId": "${ID}", },
    "reports": { "include": ["docs/reports/**/*.md", "./reports/**/*.md"], "exclude": ["**/draft-*"] },
    "designDocs": { "include": ["design/**/*.md"] },
  },
  "executionLogs": { "databaseId": "${DASHED.toUpperCase()}" },
  "triggerFiles": { "inbox": ["jobs/new/**"], "staleAfterHours": 2.5 },
  "exclude": ["dist/**", "**/node_modules/**"],
  "maxFileBytes": 5242880,
}
`);
    const c = await loadConfig(dir);
    assert.deepEqual(c.warnings, []);
    assert.equal(c.workspaceName, 'seren-media-workflows');
    assert.equal(c.parentPageId, DASHED);
    assert.equal(c.apiBaseUrl, 'http://127.0.0.1:8787');
    assert.equal(c.categories.plans.databaseId, DASHED);
    assert.deepEqual(c.categories.plans.include, ['plans/**/*.md'], 'an omitted include keeps the default');
    assert.deepEqual(
      c.categories.reports.include,
      ['docs/reports/**/*.md', 'reports/**/*.md'],
      'a leading ./ is dropped',
    );
    assert.deepEqual(c.categories.reports.exclude, ['**/draft-*']);
    assert.deepEqual(Object.keys(c.categories), ['plans', 'reports', 'scripts', 'agentChats', 'designDocs']);
    assert.deepEqual(c.categories.designDocs, { name: 'designDocs', include: ['design/**/*.md'], exclude: [] });
    assert.equal(c.executionLogs.databaseId, DASHED);
    assert.deepEqual(c.triggerFiles, {
      inbox: ['jobs/new/**'],
      processed: ['**/processed/**'],
      failed: ['**/failed/**'],
      staleAfterHours: 2.5,
    });
    assert.deepEqual(
      c.exclude,
      ['**/node_modules/**', '**/.git/**', 'dist/**'],
      'file excludes add to the defaults, without duplicates',
    );
    assert.equal(c.maxFileBytes, 5242880);
  });

  test('a malformed file is a ConfigError with line and column', async () => {
    const err = await configError('{\n  "workspaceName": "x",\n  "exclude": ["a" "b"]\n}\n');
    assert.equal(err.line, 3);
    assert.equal(err.column, 19);
    assert.match(err.message, /\.notion-sync\.json:3:19: .*not valid JSON/);
    assert.match(err.message, /Expected ',' or '\]'/);
    assert.ok(err.fix.length > 0);
    assert.equal(err.file?.endsWith('.notion-sync.json'), true);
  });

  test('other syntax errors: unterminated comment, single quotes, garbage after the value', async () => {
    assert.match((await configError('{ /* never closed ')).message, /Unterminated \/\* comment/);
    assert.match((await configError("{ 'a': 1 }")).message, /double-quoted|double quotes/);
    const e = await configError('{}\n}');
    assert.equal(e.line, 2);
    assert.match(e.message, /after the end/);
  });

  const invalid: { name: string; file: string; key: string; message: RegExp; line?: number }[] = [
    { name: 'root not an object', file: '["plans"]', key: '(root)', message: /must be a JSON object/ },
    {
      name: 'include is a string',
      file: '{ "categories": { "plans": { "include": "plans/*.md" } } }',
      key: 'categories.plans.include',
      message:
        /categories\.plans\.include must be an array of glob strings.*e\.g\. "include": \["plans\/\*\*\/\*\.md"\]/,
    },
    {
      name: 'include has a number',
      file: '{ "categories": { "plans": { "include": ["a/**", 3] } } }',
      key: 'categories.plans.include',
      message: /array of glob strings/,
    },
    {
      name: 'include uses backslashes',
      file: '{ "categories": { "plans": { "include": ["plans\\\\**\\\\*.md"] } } }',
      key: 'categories.plans.include[0]',
      message: /uses backslashes: globs use forward slashes, found .*Write e\.g\. "plans\/\*\*\/\*\.md"/,
    },
    {
      name: 'include is absolute',
      file: '{ "categories": { "plans": { "include": ["/plans/**"] } } }',
      key: 'categories.plans.include[0]',
      message: /is an absolute path: globs are relative to the workspace folder, found .*Write e\.g\. "plans\/\*\*"/,
    },
    {
      name: 'category exclude',
      file: '{ "categories": { "plans": { "exclude": {} } } }',
      key: 'categories.plans.exclude',
      message: /array of glob strings/,
    },
    {
      name: 'category not an object',
      file: '{ "categories": { "plans": ["plans/**"] } }',
      key: 'categories.plans',
      message: /must be an object/,
    },
    { name: 'categories not an object', file: '{ "categories": [] }', key: 'categories', message: /must be an object/ },
    {
      name: 'new category without include',
      file: '{ "categories": { "notes": { "databaseId": "' + ID + '" } } }',
      key: 'categories.notes.include',
      message: /required for a new category.*"include": \["notes\/\*\*\/\*\.md"\]/,
    },
    {
      name: 'bad category name',
      file: '{ "categories": { "1st": { "include": ["x/**"] } } }',
      key: 'categories.1st',
      message: /not a valid category name/,
    },
    {
      name: 'bad databaseId',
      file: '{ "categories": { "plans": { "databaseId": "…" } } }',
      key: 'categories.plans.databaseId',
      message: /Notion database id.*32 hex digits/,
    },
    {
      name: 'capture not an array',
      file: '{ "categories": { "agentChats": { "capture": "cursor" } } }',
      key: 'categories.agentChats.capture',
      message: /array of agent tool names/,
    },
    {
      name: 'unknown capture tool',
      file: '{ "categories": { "agentChats": { "capture": ["cursr"] } } }',
      key: 'categories.agentChats.capture[0]',
      message: /unknown agent tool, found the string "cursr"\. Did you mean "cursor"\?/,
    },
    {
      name: 'workspaceName empty',
      file: '{ "workspaceName": "  " }',
      key: 'workspaceName',
      message: /non-empty string/,
    },
    {
      name: 'workspaceName number',
      file: '{ "workspaceName": 42 }',
      key: 'workspaceName',
      message: /non-empty string, found the number 42/,
    },
    { name: 'parentPageId', file: '{ "parentPageId": "my page" }', key: 'parentPageId', message: /Notion page id/ },
    { name: 'apiBaseUrl', file: '{ "apiBaseUrl": "localhost:8787" }', key: 'apiBaseUrl', message: /http\(s\) URL/ },
    { name: 'executionLogs', file: '{ "executionLogs": "abc" }', key: 'executionLogs', message: /must be an object/ },
    {
      name: 'executionLogs.databaseId',
      file: '{ "executionLogs": { "databaseId": 12 } }',
      key: 'executionLogs.databaseId',
      message: /Notion database id/,
    },
    { name: 'triggerFiles', file: '{ "triggerFiles": true }', key: 'triggerFiles', message: /must be an object/ },
    {
      name: 'triggerFiles.inbox',
      file: '{ "triggerFiles": { "inbox": "inbox" } }',
      key: 'triggerFiles.inbox',
      message: /array of glob strings.*"inbox": \["\*\*\/inbox\/\*\*"\]/,
    },
    {
      name: 'staleAfterHours',
      file: '{ "triggerFiles": { "staleAfterHours": "24" } }',
      key: 'triggerFiles.staleAfterHours',
      message: /positive number of hours.*"staleAfterHours": 24/,
    },
    {
      name: 'staleAfterHours zero',
      file: '{ "triggerFiles": { "staleAfterHours": 0 } }',
      key: 'triggerFiles.staleAfterHours',
      message: /positive number/,
    },
    { name: 'exclude', file: '{ "exclude": "dist" }', key: 'exclude', message: /array of glob strings/ },
    {
      name: 'maxFileBytes string',
      file: '{\n  "maxFileBytes": "5MB"\n}',
      key: 'maxFileBytes',
      message: /positive whole number of bytes.*5242880/,
      line: 2,
    },
    { name: 'maxFileBytes fraction', file: '{ "maxFileBytes": 1.5 }', key: 'maxFileBytes', message: /whole number/ },
  ];
  for (const c of invalid) {
    test(`validation: ${c.name} → names ${c.key} and the fix`, async () => {
      const err = await configError(c.file);
      assert.equal(err.key, c.key);
      assert.ok(err.message.includes(c.key), `message names the key: ${err.message}`);
      assert.match(err.message, c.message);
      assert.ok(err.fix && err.message.includes(err.fix), 'message carries the fix');
      assert.match(err.message, /^\.notion-sync\.json:\d+:\d+: /, 'message says where');
      if (c.line) assert.equal(err.line, c.line);
    });
  }

  test('unknown keys are warnings with "did you mean", not errors', async () => {
    const dir = await workspace(`{
  "workspacename": "x",
  "exlude": ["dist/**"],
  "zzzzzzzz": 1,
  "categories": { "plans": { "includes": ["p/**"] }, "report": { "include": ["r/**"] } },
  "triggerFiles": { "staleAfter": 3 },
  "executionLogs": { "databaseID": "${ID}" }
}`);
    const c = await loadConfig(dir);
    const w = c.warnings.join('\n');
    assert.match(w, /:2:3: Unknown key workspacename is ignored; did you mean "workspaceName"\?/);
    assert.match(w, /Unknown key exlude is ignored; did you mean "exclude"\?/);
    assert.match(w, /Unknown key zzzzzzzz is ignored\./);
    assert.doesNotMatch(w, /zzzzzzzz.*did you mean/);
    assert.match(w, /Unknown key categories\.plans\.includes is ignored; did you mean "categories\.plans\.include"\?/);
    assert.match(w, /categories\.report is a new category; did you mean "reports"\?/);
    assert.match(w, /Unknown key triggerFiles\.staleAfter is ignored; did you mean "triggerFiles\.staleAfterHours"\?/);
    assert.match(w, /Unknown key executionLogs\.databaseID is ignored; did you mean "executionLogs\.databaseId"\?/);
    assert.equal(c.workspaceName, path.basename(dir), 'misspelt keys are not applied');
    assert.deepEqual(c.categories.plans.include, ['plans/**/*.md']);
    assert.deepEqual(c.categories.report.include, ['r/**']);
  });

  test('duplicate keys and capture outside agentChats are warnings', async () => {
    const dir = await workspace(
      '{ "workspaceName": "a", "workspaceName": "b", "categories": { "plans": { "capture": ["codex"] } } }',
    );
    const c = await loadConfig(dir);
    assert.equal(c.workspaceName, 'b');
    assert.match(c.warnings.join('\n'), /workspaceName appears more than once/);
    assert.match(c.warnings.join('\n'), /categories\.plans\.capture only has an effect on agentChats/);
  });

  test('an empty include switches a category off; empty-string ids mean "not set"', async () => {
    const dir = await workspace(
      '{ "parentPageId": "", "categories": { "scripts": { "include": [], "databaseId": "" } } }',
    );
    const c = await loadConfig(dir);
    assert.deepEqual(c.categories.scripts.include, []);
    assert.equal(c.categories.scripts.databaseId, undefined);
    assert.equal(c.parentPageId, undefined);
  });
});

describe('loadConfig: overrides', () => {
  test('settings/flags win over the file; empty values mean "not set"', async () => {
    const dir = await workspace(
      '{ "workspaceName": "from-file", "apiBaseUrl": "https://api.notion.com", "maxFileBytes": 1000, "exclude": ["dist/**"] }',
    );
    const c = await loadConfig(dir, {
      workspaceName: 'from-flag',
      apiBaseUrl: 'http://127.0.0.1:9/',
      maxFileBytes: 4096,
      exclude: ['tmp/**', 'dist/**'],
    });
    assert.equal(c.workspaceName, 'from-flag');
    assert.equal(c.apiBaseUrl, 'http://127.0.0.1:9');
    assert.equal(c.maxFileBytes, 4096);
    assert.deepEqual(c.exclude, ['**/node_modules/**', '**/.git/**', 'dist/**', 'tmp/**']);

    const d = await loadConfig(dir, { workspaceName: '', apiBaseUrl: null, maxFileBytes: null, exclude: null });
    assert.equal(d.workspaceName, 'from-file');
    assert.equal(d.apiBaseUrl, 'https://api.notion.com');
    assert.equal(d.maxFileBytes, 1000);
  });

  test('invalid overrides are ConfigErrors that name the key', async () => {
    const dir = await workspace();
    await assert.rejects(
      loadConfig(dir, { maxFileBytes: -1 }),
      (err: unknown) =>
        err instanceof ConfigError && err.key === 'maxFileBytes' && /setting\/flag maxFileBytes/.test(err.message),
    );
    await assert.rejects(
      loadConfig(dir, { apiBaseUrl: 'ftp://x' }),
      (err: unknown) => err instanceof ConfigError && err.key === 'apiBaseUrl',
    );
  });
});

describe('writeConfigPatch', () => {
  test('creates the file when absent, as readable 2-space JSON', async () => {
    const dir = await workspace();
    const file = await writeConfigPatch(dir, {
      parentPageId: ID,
      databaseIds: { plans: ID, reports: undefined },
      executionLogsDatabaseId: `https://www.notion.so/Logs-${ID}`,
    });
    assert.equal(file, path.join(dir, '.notion-sync.json'));
    const text = await readFile(file, 'utf8');
    assert.equal(
      text,
      `{\n  "parentPageId": "${DASHED}",\n  "categories": {\n    "plans": {\n      "databaseId": "${DASHED}"\n    }\n  },\n  "executionLogs": {\n    "databaseId": "${DASHED}"\n  }\n}\n`,
    );
    const c = await loadConfig(dir);
    assert.equal(c.categories.plans.databaseId, DASHED);
    assert.equal(c.categories.reports.databaseId, undefined);
  });

  test('round trip keeps other keys, comments and formatting', async () => {
    const original = `{
  // Our sync settings
  "workspaceName": "demo", // row property
  "categories": {
    /* plans live in two places */
    "plans": { "include": ["plans/**/*.md", "docs/plans/**/*.md"] },
    "reports": {
      "include": ["reports/**/*.md"],
      "databaseId": "ffffffffffffffffffffffffffffffff", // old one
    },
  },
  "exclude": ["dist/**"]
}
`;
    const dir = await workspace(original);
    await assert.rejects(
      writeConfigPatch(dir, { databaseIds: { notes: '44444444444444444444444444444444' } }),
      (err: unknown) =>
        err instanceof ConfigError && err.key === 'categories.notes' && /Add the category/.test(err.message),
    );
    assert.equal(await readFile(path.join(dir, '.notion-sync.json'), 'utf8'), original, 'nothing written on error');
    const ids = {
      plans: '11111111111111111111111111111111',
      reports: '22222222222222222222222222222222',
      scripts: '33333333333333333333333333333333',
    };
    const result = await writeConfigPatchDetailed(dir, {
      parentPageId: ID,
      databaseIds: ids,
      executionLogsDatabaseId: '55555555555555555555555555555555',
    });
    assert.equal(result.commentsPreserved, true);
    assert.equal(result.created, false);
    const text = await readFile(result.file, 'utf8');
    for (const comment of ['// Our sync settings', '// row property', '/* plans live in two places */', '// old one'])
      assert.ok(text.includes(comment), `keeps ${comment}\n${text}`);
    assert.ok(!text.includes('ffffffff'), 'the old id is replaced');
    assert.ok(text.includes('"workspaceName": "demo", // row property'));
    assert.ok(text.includes('"include": ["plans/**/*.md", "docs/plans/**/*.md"]'));
    assert.ok(text.includes(`"databaseId": "22222222-2222-2222-2222-222222222222", // old one`), text);
    assert.match(text, /\n {2}"parentPageId": "01234567-89ab-cdef-0123-456789abcdef"/);
    assert.match(text, /\n {2}"executionLogs": \{\n {4}"databaseId": "55555555-5555-5555-5555-555555555555"\n {2}\}/);
    const parsed = parseJsoncTree(text);
    assert.ok(parsed.root);
    assert.equal(parsed.syntaxError, undefined);
    const c = await loadConfig(dir);
    assert.deepEqual(c.warnings, []);
    assert.equal(c.workspaceName, 'demo');
    assert.deepEqual(c.exclude, ['**/node_modules/**', '**/.git/**', 'dist/**']);
    assert.deepEqual(c.categories.plans.include, ['plans/**/*.md', 'docs/plans/**/*.md']);
    assert.equal(c.categories.plans.databaseId, '11111111-1111-1111-1111-111111111111');
    assert.equal(c.categories.reports.databaseId, '22222222-2222-2222-2222-222222222222');
    assert.equal(c.categories.scripts.databaseId, '33333333-3333-3333-3333-333333333333');
    assert.deepEqual(c.categories.scripts.include, ['scripts/**/*.{py,js,ts,sh,ps1,rb,go}']);
    assert.equal(c.parentPageId, DASHED);
    assert.equal(c.executionLogs.databaseId, '55555555-5555-5555-5555-555555555555');

    // A second identical patch changes nothing.
    await writeConfigPatch(dir, {
      parentPageId: ID,
      databaseIds: ids,
      executionLogsDatabaseId: '55555555555555555555555555555555',
    });
    assert.equal(await readFile(result.file, 'utf8'), text);
  });

  test('keeps CRLF line endings and handles single-line and empty objects', async () => {
    const dir = await workspace('{\r\n  "categories": {},\r\n  "executionLogs": { "databaseId": "" }\r\n}\r\n');
    await writeConfigPatch(dir, { databaseIds: { plans: ID }, executionLogsDatabaseId: ID });
    const text = await readFile(path.join(dir, '.notion-sync.json'), 'utf8');
    assert.ok(!/[^\r]\n/.test(text), `only CRLF: ${JSON.stringify(text)}`);
    const c = await loadConfig(dir);
    assert.equal(c.categories.plans.databaseId, DASHED);
    assert.equal(c.executionLogs.databaseId, DASHED);
    assert.ok(text.includes(`"executionLogs": { "databaseId": "${DASHED}" }`));
  });

  test('reports honestly whether comments survived; "//" inside a string is not a comment', async () => {
    const url = await workspace('{\n  "apiBaseUrl": "http://127.0.0.1:8787", // sandbox\n  "categories": {}\n}\n');
    const kept = await writeConfigPatchDetailed(url, { databaseIds: { plans: ID } });
    assert.equal(kept.commentsPreserved, true);
    const text = await readFile(kept.file, 'utf8');
    assert.ok(text.includes('"apiBaseUrl": "http://127.0.0.1:8787", // sandbox'), text);
    assert.match(
      text,
      /"categories": \{\n {4}"plans": \{\n {6}"databaseId": "01234567-89ab-cdef-0123-456789abcdef"\n {4}\}\n {2}\}/,
    );

    const empty = await workspace('{ /* nothing yet */ }');
    const lost = await writeConfigPatchDetailed(empty, { parentPageId: ID });
    assert.equal(lost.commentsPreserved, false, 'a comment inside an empty object is not kept, and that is said');
    assert.equal(JSON.parse(await readFile(lost.file, 'utf8')).parentPageId, DASHED);

    const leading = await workspace('// set up by init\n');
    const above = await writeConfigPatchDetailed(leading, { parentPageId: ID });
    assert.equal(above.commentsPreserved, true);
    assert.match(await readFile(above.file, 'utf8'), /^\/\/ set up by init\n\{\n {2}"parentPageId"/);
  });

  test('refuses to write over a malformed file, and rejects invalid ids', async () => {
    const dir = await workspace('{ "workspaceName": ');
    await assert.rejects(writeConfigPatch(dir, { parentPageId: ID }), ConfigError);
    assert.equal(await readFile(path.join(dir, '.notion-sync.json'), 'utf8'), '{ "workspaceName": ');
    const ok = await workspace('{}');
    await assert.rejects(
      writeConfigPatch(ok, { databaseIds: { plans: 'not-an-id' } }),
      (err: unknown) => err instanceof ConfigError && err.key === 'categories.plans.databaseId',
    );
  });
});

describe('normalizeNotionId', () => {
  const cases: [string, string | undefined][] = [
    [ID, DASHED],
    [ID.toUpperCase(), DASHED],
    [DASHED, DASHED],
    [` ${DASHED.toUpperCase()} `, DASHED],
    [`https://www.notion.so/My-Plans-${ID}?v=ffffffffffffffffffffffffffffffff`, DASHED],
    [`https://www.notion.so/acme/${ID}?v=ffffffffffffffffffffffffffffffff&pvs=4`, DASHED],
    [`https://acme.notion.site/Roadmap-2025-${ID}`, DASHED],
    [`notion.so/Page-${ID}`, DASHED],
    [`https://www.notion.so/${DASHED}`, DASHED],
    ['', undefined],
    ['garbage', undefined],
    ['0123456789abcdef0123456789abcde', undefined],
    ['0123456789abcdef0123456789abcdeg', undefined],
    [`${ID}0`, undefined],
    ['https://www.notion.so/Just-A-Title', undefined],
    [`https://www.notion.so/Title-x${ID}`, undefined],
    [`ftp://www.notion.so/${ID}`, undefined],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected ?? 'undefined'}`, () => {
      assert.equal(normalizeNotionId(input), expected);
    });
  }
});
