// The JSON Schema of .notion-sync.json is the one source: the engine's findings (with line and column),
// the editor's completion (descriptions) and the README's configuration section all follow it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ALL_CHAT_TOOLS } from '../../src/core/chats/types';
import {
  CHAT_TOOLS,
  checkConfigText,
  CONFIG_SCHEMA,
  ConfigError,
  didYouMean,
  parseConfigText,
  type ConfigProblem,
} from '../../src/core/config';

const repo = path.resolve(__dirname, '../..');
const ID = '0123456789abcdef0123456789abcdef';

function problems(text: string): ConfigProblem[] {
  return checkConfigText(text).problems;
}

/** Every key the schema describes, as dotted paths (`categories.<name>.include`). */
function schemaKeys(): string[] {
  const defs = CONFIG_SCHEMA.definitions as Record<string, { properties?: Record<string, unknown> }>;
  const keys: string[] = [];
  for (const k of Object.keys(CONFIG_SCHEMA.properties)) if (!k.startsWith('$')) keys.push(k);
  for (const k of Object.keys(defs.category.properties ?? {})) if (k !== 'name') keys.push(`categories.<name>.${k}`);
  for (const k of Object.keys(defs.executionLogs.properties ?? {})) keys.push(`executionLogs.${k}`);
  for (const k of Object.keys(defs.triggerFiles.properties ?? {})) keys.push(`triggerFiles.${k}`);
  return keys;
}

describe('config schema: one source', () => {
  test('the agent tools are the chat readers the engine has', () => {
    assert.deepEqual([...CHAT_TOOLS].sort(), [...ALL_CHAT_TOOLS].sort());
  });

  test('every key has a description (the editor shows it while completing)', () => {
    const missing: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [k, v] of Object.entries((n.properties as Record<string, unknown>) ?? {})) {
        const prop = v as { description?: string; $ref?: string };
        const target = prop.$ref
          ? (CONFIG_SCHEMA.definitions as Record<string, { description?: string }>)[prop.$ref.split('/').pop()!]
          : undefined;
        if (!prop.description && !target?.description) missing.push(`${where}${k}`);
      }
    };
    walk(CONFIG_SCHEMA, '');
    for (const [name, def] of Object.entries(CONFIG_SCHEMA.definitions)) walk(def, `definitions.${name}.`);
    assert.deepEqual(missing, []);
  });

  test('no object carries an errorMessage (VS Code would show it for every finding inside, unknown keys too)', () => {
    const offenders: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object' && 'errorMessage' in n) offenders.push(where || '(root)');
      for (const [k, v] of Object.entries(n)) walk(v, `${where}/${k}`);
    };
    walk(CONFIG_SCHEMA, '');
    assert.deepEqual(offenders, []);
  });

  test("the README's configuration section names every key of the schema", () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('\n## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 5),
    );
    for (const key of schemaKeys()) {
      const leaf = key.split('.').pop()!;
      assert.ok(section.includes(`"${leaf}"`) || section.includes(`\`${key}\``), `README documents ${key}`);
    }
  });

  test('package.json contributes the schema to the editor for .notion-sync.json', () => {
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation?: { fileMatch: string; url: string }[] };
    };
    const entry = manifest.contributes.jsonValidation?.find((v) => v.fileMatch === '.notion-sync.json');
    assert.ok(entry);
    assert.deepEqual(JSON.parse(readFileSync(path.join(repo, entry.url), 'utf8')), CONFIG_SCHEMA);
    const ignore = readFileSync(path.join(repo, '.vscodeignore'), 'utf8');
    assert.match(
      ignore,
      new RegExp(`^!${entry.url.replace(/^\.\//, '').replace(/\./g, '\\.')}$`, 'm'),
      'shipped in the VSIX',
    );
  });
});

describe('checkConfigText: findings at their line and column', () => {
  test('a schema error deep in the file points at the value', () => {
    const text = `{
  // plans
  "categories": {
    "plans": {
      "include": ["plans/**/*.md"],
      "databaseId": 42
    }
  }
}`;
    const [p] = problems(text);
    assert.equal(p.severity, 'error');
    assert.equal(p.key, 'categories.plans.databaseId');
    assert.deepEqual([p.line, p.column], [6, 21]);
    assert.equal(text.slice(p.offset, p.offset! + p.length!), '42');
    assert.match(p.message, /must be a Notion database id, found the number 42\. Paste the database's id/);
  });

  test('all findings, in file order, errors and warnings', () => {
    const text = '{\n  "workspaceNme": "x",\n  "maxFileBytes": 0,\n  "triggerFiles": { "inbox": ["a\\\\b"] }\n}';
    const found = problems(text).map((p) => [p.severity, p.key, p.line, p.column]);
    assert.deepEqual(found, [
      ['warning', 'workspaceNme', 2, 3],
      ['error', 'maxFileBytes', 3, 19],
      ['error', 'triggerFiles.inbox[0]', 4, 31],
    ]);
  });

  test('a non-string glob names the list and points at the entry', () => {
    const text = '{ "exclude": ["dist/**", 7] }';
    const [p] = problems(text);
    assert.equal(p.key, 'exclude');
    assert.match(p.message, /array of glob strings, found an array with a non-string or empty entry/);
    assert.equal(text.slice(p.offset, p.offset! + p.length!), '7');
  });

  test('an invalid category name points at the key', () => {
    const text = '{ "categories": { "my docs": { "include": ["docs/**"] } } }';
    const [p] = problems(text);
    assert.equal(p.key, 'categories.my docs');
    assert.equal(text.slice(p.offset, p.offset! + p.length!), '"my docs"');
  });

  test('syntax errors carry the position; a byte order mark and an empty file are fine', () => {
    const [p] = problems('{\n  "a": 1,\n  "b" 2\n}');
    assert.deepEqual([p.key, p.line, p.column], ['.notion-sync.json', 3, 7]);
    assert.match(p.message, /not valid JSON: expected ':'/);
    assert.deepEqual(problems('\ufeff{ "workspaceName": "x" }'), []);
    assert.deepEqual(problems(''), []);
    assert.deepEqual(problems('// nothing yet\n'), []);
  });

  test('a line/column counts CRLF line ends once', () => {
    const [p] = problems('{\r\n  "maxFileBytes": -1\r\n}');
    assert.deepEqual([p.line, p.column], [2, 19]);
  });
});

describe('keys the contract lists', () => {
  // CONTRACT.md §2 lists these; each was once an unknown key (a warning, ignored) until the engine read it.
  const text = `{
  "twoWay": true,
  "categories": { "scripts": { "properties": { "Name": "Script Name" } } },
  "executionLogs": { "databaseId": "${ID}", "properties": { "Name": "Run" } },
  "triggerFiles": { "databaseId": "${ID}" }
}`;
  test('are all read: no warning, and their values reach the configuration', () => {
    const c = parseConfigText(text, '/tmp/ws', '/tmp/ws/.notion-sync.json');
    // Every key the contract lists is read now: no warning, each value reaches the configuration.
    assert.deepEqual(c.warnings, []);
    assert.equal(c.triggerFiles.databaseId, '01234567-89ab-cdef-0123-456789abcdef');
    assert.deepEqual(c.categories.scripts!.properties, { Name: 'Script Name' });
    assert.deepEqual(c.executionLogs.properties, { Name: 'Run' });
    assert.equal(c.executionLogs.databaseId, '01234567-89ab-cdef-0123-456789abcdef');
    // twoWay is read now (issue 13): no warning, and the value reaches the configuration.
    assert.equal(c.twoWay, true);
  });

  test('"twoWay" must be a boolean', () => {
    assert.throws(() => parseConfigText('{ "twoWay": "yes" }', '/tmp/ws', '/tmp/ws/.notion-sync.json'), /twoWay/);
    assert.equal(parseConfigText('{}', '/tmp/ws', '/tmp/ws/.notion-sync.json').twoWay, undefined);
  });
});

describe('did you mean', () => {
  test('close keys, case differences and truncations; nothing for far-off words', () => {
    assert.equal(didYouMean('databaseID', ['databaseId', 'include']), 'databaseId');
    assert.equal(didYouMean('incude', ['databaseId', 'include']), 'include');
    assert.equal(didYouMean('staleAfter', ['staleAfterHours', 'inbox']), 'staleAfterHours');
    assert.equal(didYouMean('zzzzzz', ['include', 'exclude']), undefined);
  });

  test('at every level of the file, and for agent tools', () => {
    const c = parseConfigText(
      '{ "categories": { "agentChats": { "captures": ["codex"] } }, "trigerFiles": {} }',
      '/tmp/ws',
      '/tmp/ws/.notion-sync.json',
    );
    assert.match(
      c.warnings.join('\n'),
      /categories\.agentChats\.captures is ignored; did you mean "categories\.agentChats\.capture"\?/,
    );
    assert.match(c.warnings.join('\n'), /trigerFiles is ignored; did you mean "triggerFiles"\?/);
    assert.throws(
      () => parseConfigText('{ "categories": { "agentChats": { "capture": ["claude"] } } }', '/tmp/ws', '/tmp/ws/x'),
      (err: unknown) => err instanceof ConfigError && /Did you mean "claude-code"\?/.test(err.message),
    );
  });
});
