// Property mapping (issue 17): the config keys, their validation, and the one translation (names.ts)
// every write, read and query filter goes through.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkConfigText, CONFIG_SCHEMA, ConfigError, parseConfigText } from '../../src/core/config';
import { schemaProblems, toRemoteRow, withMapping } from '../../src/core/notion/databases';
import { PropertyNames } from '../../src/core/notion/names';
import { prop } from '../../src/core/notion/props';
import { allOf, textEquals } from '../../src/core/notion/requests';
import { SCHEMAS } from '../../src/core/notion/schema';
import { rowProperties } from '../../src/core/sync/rows';
import { schemaDrifted } from '../../src/core/sync/workspace-index';

/** A Scripts database as a team made it: its own title, `File Path`, capitalised languages, extras of theirs. */
const PEOPLES_SCRIPTS = {
  properties: {
    'Script Name': 'title',
    'File Path': 'rich_text',
    Language: 'select',
    Owner: 'people',
    Name: 'rich_text', // theirs, not the title: must never be read or written as our Name
    Workspace: 'rich_text',
    Category: 'select',
    'Content Hash': 'rich_text',
    'Last Synced': 'date',
    'Local Modified': 'date',
    'Size (bytes)': 'number',
    Lines: 'number',
    Summary: 'url', // another type than ours
  },
  options: { Language: ['Python', 'Shell', 'TypeScript'], Category: [] },
};

function db(
  mapping: Record<string, string> = {},
  schema: { properties: Record<string, string>; options?: Record<string, string[]> } = PEOPLES_SCRIPTS,
) {
  return withMapping({ databaseId: 'db', dataSourceId: 'ds', title: 'Scripts', ...schema }, mapping);
}

function loads(config: object): ReturnType<typeof parseConfigText> {
  return parseConfigText(JSON.stringify(config, null, 2), '/tmp/ws');
}

function loadError(config: object): ConfigError {
  try {
    loads(config);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('property mapping: configuration', () => {
  test('per category and under executionLogs, read into the typed config', () => {
    const c = loads({
      categories: { scripts: { properties: { Name: 'Script Name', Path: 'File Path' } } },
      executionLogs: { databaseId: '0123456789abcdef0123456789abcdef', properties: { Name: 'Run' } },
    });
    assert.deepEqual(c.categories.scripts!.properties, { Name: 'Script Name', Path: 'File Path' });
    assert.deepEqual(c.executionLogs.properties, { Name: 'Run' });
    assert.equal(c.categories.plans!.properties, undefined);
    assert.deepEqual(c.warnings, [], 'no "unknown key" warning any more');
  });

  test('a name that is not ours for that role is an error with a did-you-mean fix', () => {
    const e = loadError({ categories: { scripts: { properties: { Pth: 'File Path' } } } });
    assert.equal(e.key, 'categories.scripts.properties.Pth');
    assert.match(e.fix, /Did you mean "Path"\?/);
    // Language is a Scripts property, not a Plans one.
    const plans = loadError({ categories: { plans: { properties: { Language: 'Lang' } } } });
    assert.equal(plans.key, 'categories.plans.properties.Language');
    assert.match(plans.fix, /Tags, Status, Date/);
    const logs = loadError({ executionLogs: { properties: { 'Exit code': 'Code' } } });
    assert.match(logs.fix, /Did you mean "Exit Code"\?/);
    // A category of one's own has the document properties.
    assert.equal(
      loadError({ categories: { docs: { include: ['docs/**'], properties: { Lines: 'n' } } } }).key,
      'categories.docs.properties.Lines',
    );
    loads({ categories: { docs: { include: ['docs/**'], properties: { Tags: 'Labels' } } } });
  });

  test('two of ours on one database property is an error, explicit or against an unmapped name of ours', () => {
    const twice = loadError({ categories: { scripts: { properties: { Path: 'File Path', Summary: 'File Path' } } } });
    assert.equal(twice.key, 'categories.scripts.properties.Summary');
    assert.match(twice.message, /Path is mapped to it/);
    const ontoOurs = loadError({ categories: { scripts: { properties: { Summary: 'Path' } } } });
    assert.match(ontoOurs.message, /our own "Path" \(unmapped\)/);
    // Swapping two names is fine: each of ours has its own property.
    loads({ categories: { scripts: { properties: { Path: 'Summary', Summary: 'Path' } } } });
  });

  test('values must be non-empty strings; findings carry line and column', () => {
    assert.match(loadError({ executionLogs: { properties: { Name: 3 } } }).message, /found the number 3/);
    assert.match(loadError({ executionLogs: { properties: { Name: ' ' } } }).message, /non-empty name/);
    const text = '{\n  "categories": { "scripts": { "properties": { "Pathh": "File Path" } } }\n}';
    const p = checkConfigText(text).problems.find((x) => x.severity === 'error')!;
    assert.equal(p.line, 2);
    assert.equal(p.key, 'categories.scripts.properties.Pathh');
  });

  test("the schema's lists of our names are the Notion schemas' (one list per role, kept in step)", () => {
    const defs = CONFIG_SCHEMA.definitions as Record<string, { properties?: Record<string, unknown> }>;
    const keys = (d: string) => Object.keys(defs[d]!.properties!).sort();
    const ours = (role: keyof typeof SCHEMAS) => Object.keys(SCHEMAS[role].properties).sort();
    assert.deepEqual(keys('documentPropertyMapping'), ours('plans'));
    assert.deepEqual(keys('documentPropertyMapping'), ours('custom'));
    assert.deepEqual(keys('scriptPropertyMapping'), ours('scripts'));
    assert.deepEqual(keys('agentChatPropertyMapping'), ours('agentChats'));
    assert.deepEqual(keys('executionLogPropertyMapping'), ours('executionLogs'));
  });
});

describe('property mapping: the translation', () => {
  test('writes: renamed, the title is theirs, what the database cannot hold is left out', () => {
    const names = db({ Path: 'File Path' }).names;
    const row = rowProperties(
      {
        title: 'deploy.py',
        workspace: 'ws',
        path: 'scripts/deploy.py',
        category: 'scripts',
        contentHash: 'v2:abc',
        lastSynced: new Date('2026-01-01T00:00:00Z'),
        localModified: '2026-01-01T00:00:00.000Z',
      },
      { Language: prop.select('python'), Summary: prop.text('deploys'), Lines: prop.number(3) },
    );
    const sent = names.toNotion(row);
    assert.deepEqual(Object.keys(sent).sort(), [
      'Category',
      'Content Hash',
      'File Path',
      'Language',
      'Last Synced',
      'Lines',
      'Local Modified',
      'Script Name',
      'Workspace',
    ]);
    assert.deepEqual(sent['File Path'], prop.text('scripts/deploy.py'));
    assert.deepEqual(sent['Script Name'], prop.title('deploy.py'));
    assert.equal('Name' in sent, false, 'their own "Name" (rich text) is never written');
    assert.equal('Summary' in sent, false, 'a url property does not take our rich text');
    assert.deepEqual(sent['Language'], { select: { name: 'Python' } }, 'the existing option, whatever its case');
  });

  test('select and multi_select take an existing spelling; unknown values pass unchanged', () => {
    const names = new PropertyNames(
      { Tags: 'Labels' },
      { properties: { Labels: 'multi_select', Status: 'select' }, options: { Labels: ['Infra', 'Q1'] } },
    );
    assert.deepEqual(names.toNotion({ Tags: prop.multiSelect(['infra', 'INFRA', 'new']) }), {
      Labels: { multi_select: [{ name: 'Infra' }, { name: 'new' }] },
    });
    assert.deepEqual(names.toNotion({ Status: prop.select(undefined) }), { Status: { select: null } });
  });

  test('reads: keyed by our names; their own property named like one of ours is not taken for it', () => {
    const names = db({ Path: 'File Path' }).names;
    const page = {
      id: 'p1',
      url: 'https://notion.so/p1',
      created_time: '2026-01-01T00:00:00.000Z',
      last_edited_time: '2026-01-01T00:00:00.000Z',
      properties: {
        'Script Name': { type: 'title', title: [{ plain_text: 'deploy.py' }] },
        'File Path': { type: 'rich_text', rich_text: [{ plain_text: 'scripts/deploy.py' }] },
        Name: { type: 'rich_text', rich_text: [{ plain_text: 'not the title' }] },
        Workspace: { type: 'rich_text', rich_text: [{ plain_text: 'ws' }] },
        Owner: { type: 'people', people: [] },
      },
    };
    const row = toRemoteRow(page, names);
    assert.equal(row.path, 'scripts/deploy.py');
    assert.equal(row.name, 'deploy.py');
    assert.equal(row.workspace, 'ws');
    assert.deepEqual(Object.keys(row.properties).sort(), ['Name', 'Owner', 'Path', 'Workspace']);
    assert.equal(row.properties['Name']!.type, 'title');
  });

  test('the title is found by its type even without a known schema (a queued log, a bare id)', () => {
    const names = new PropertyNames();
    const view = names.fromNotion({ Run: { type: 'title', title: [] }, Status: { type: 'select' } });
    assert.deepEqual(Object.keys(view).sort(), ['Name', 'Status']);
    // …and with Name mapped, to the mapped property.
    const mapped = new PropertyNames({ Name: 'Run' });
    assert.deepEqual(mapped.toNotion({ Name: prop.title('x') }), { Run: prop.title('x') });
  });

  test('query filters use the mapped names, nested and/or included', () => {
    const names = db({ Path: 'File Path', Workspace: 'Repo' }).names;
    assert.deepEqual(names.filter(allOf([textEquals('Workspace', 'ws'), textEquals('Path', 'a.py')])), {
      and: [
        { property: 'Repo', rich_text: { equals: 'ws' } },
        { property: 'File Path', rich_text: { equals: 'a.py' } },
      ],
    });
    assert.deepEqual(names.filter(textEquals('Name', 'x')), { property: 'Script Name', rich_text: { equals: 'x' } });
  });

  test('schema drift is judged through the names (a mapped database does not look changed)', () => {
    const d = db({ Path: 'File Path' });
    const row = toRemoteRow(
      {
        id: 'p',
        url: '',
        created_time: '',
        last_edited_time: '',
        properties: Object.fromEntries(Object.entries(d.properties).map(([n, type]) => [n, { type }])),
      },
      d.names,
    );
    assert.equal(schemaDrifted(d, [row]), false);
    assert.equal(schemaDrifted({ ...d, properties: { ...d.properties, Extra: 'number' } }, [row]), true);
  });
});

describe('property mapping: schema problems (what init reports)', () => {
  test('mapped: missing names it, wrong type says so; the title is never a problem', () => {
    const problems = schemaProblems(db({ Path: 'File Path', Language: 'Lang' }), 'scripts', 'Scripts');
    const byOurs = Object.fromEntries(problems.map((p) => [p.ours, p]));
    assert.equal(byOurs['Name'], undefined, 'their title "Script Name" is our Name');
    assert.equal(byOurs['Path'], undefined);
    assert.equal(byOurs['Language']!.problem, 'missing');
    assert.equal(byOurs['Language']!.property, 'Lang');
    assert.equal(byOurs['Language']!.mapped, true);
    assert.match(
      byOurs['Language']!.fix,
      /"Lang" \(Language in "properties" of \.notion-sync\.json\) is not a property/,
    );
    assert.equal(byOurs['Summary']!.problem, 'wrong-type');
    assert.equal(byOurs['Summary']!.actual, 'url');
    assert.match(byOurs['Summary']!.fix, /Map Summary to a rich_text property/);
  });

  test('a mapped title of another type, and two of ours landing on one property, are problems', () => {
    const asText = schemaProblems(db({ Name: 'File Path', Path: 'File Path' }), 'scripts', 'Scripts');
    assert.ok(asText.some((p) => p.ours === 'Name' && p.problem === 'wrong-type' && p.actual === 'rich_text'));
    assert.ok(asText.some((p) => p.ours === 'Path' && /already used for Name/.test(p.actual ?? '')));
  });

  test('without a mapping, a database of ours has no problem whatever its title is called', () => {
    const properties: Record<string, string> = {};
    for (const [n, s] of Object.entries(SCHEMAS.plans.properties)) properties[n] = s.type;
    delete properties['Name'];
    properties['Title'] = 'title';
    assert.deepEqual(schemaProblems(db({}, { properties, options: {} }), 'plans', 'Plans'), []);
  });
});
