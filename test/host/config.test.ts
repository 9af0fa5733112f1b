// `.notion-sync.json` in the editor: the schema is contributed (completion and squiggles while typing),
// and the engine's own findings reach the Problems panel at their line and column, updated as you type.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'notion-workspace-sync.notion-workspace-sync';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Notion Sync');
}

suite('Configuration file in the editor', () => {
  let dir: string;
  let file: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    await ext.activate();
    dir = mkdtempSync(join(tmpdir(), 'nsync-config-host-'));
    file = join(dir, '.notion-sync.json');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  test('the manifest contributes the JSON Schema for .notion-sync.json', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON as { contributes: { jsonValidation?: { fileMatch: string; url: string }[] } })
      .contributes.jsonValidation;
    const entry = contributed?.find((v) => v.fileMatch === '.notion-sync.json');
    assert.ok(entry, `no jsonValidation entry for .notion-sync.json: ${JSON.stringify(contributed)}`);
    const schema = JSON.parse(readFileSync(join(ext.extensionPath, entry.url), 'utf8')) as {
      properties: Record<string, { description?: string; $ref?: string }>;
      allowComments?: boolean;
    };
    assert.equal(schema.allowComments, true, 'comments are allowed in the editor too');
    for (const key of ['workspaceName', 'parentPageId', 'categories', 'executionLogs', 'triggerFiles', 'exclude'])
      assert.ok(schema.properties[key], `the schema describes ${key}`);
  });

  test('an invalid key and an invalid value show in Problems at their line and column, and go when fixed', async () => {
    writeFileSync(
      file,
      [
        '{',
        '  // comments are fine',
        '  "workspaceName": "demo",',
        '  "exlude": ["dist/**"],',
        '  "categories": { "plans": { "databaseId": "not-an-id" } }',
        '}',
        '',
      ].join('\n'),
    );
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const found = await until('the configuration diagnostics', () => {
      const d = ours(doc.uri);
      return d.length >= 2 ? d : undefined;
    });
    const unknown = found.find((d) => d.message.includes('exlude'));
    assert.ok(unknown, `a finding for "exlude": ${found.map((d) => d.message).join(' | ')}`);
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unknown.message, /did you mean "exclude"\?/);
    assert.deepEqual([unknown.range.start.line, unknown.range.start.character], [3, 2], 'at the key, line 4 col 3');
    assert.equal(doc.getText(unknown.range), '"exlude"');
    const badId = found.find((d) => d.code === 'categories.plans.databaseId');
    assert.ok(badId, `a finding for the database id: ${found.map((d) => d.message).join(' | ')}`);
    assert.equal(badId.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(badId.range.start.line, 4);
    assert.equal(doc.getText(badId.range), '"not-an-id"');
    assert.ok(!found.some((d) => /comment/i.test(d.message)), 'comments are not findings');

    // Typing the fix (no save) clears the findings.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, unknown.range, '"exclude"');
    edit.replace(doc.uri, badId.range, '"0123456789abcdef0123456789abcdef"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the findings to clear', () => (ours(doc.uri).length === 0 ? true : undefined));

    // A syntax error is reported where it is.
    const broken = new vscode.WorkspaceEdit();
    broken.insert(doc.uri, new vscode.Position(2, 19), '"x" ');
    assert.ok(await vscode.workspace.applyEdit(broken));
    const syntax = await until('the syntax error', () => ours(doc.uri)[0]);
    assert.equal(syntax.severity, vscode.DiagnosticSeverity.Error);
    assert.match(syntax.message, /not valid JSON/);
    assert.equal(syntax.range.start.line, 2);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test("VS Code's JSON language service completes keys with their descriptions and flags unknown keys", async function () {
    this.timeout(90_000); // the JSON language server starts on first use
    writeFileSync(file, '{\n  // comment\n  "exlude": [],\n  \n}\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'json');
    const deadline = Date.now() + 60_000;
    let labels: string[] = [];
    let described: vscode.CompletionItem | undefined;
    while (Date.now() < deadline) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(3, 2),
      );
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      described = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'workspaceName');
      if (described) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(described, `completion offers workspaceName: ${labels.join(', ')}`);
    for (const key of ['parentPageId', 'categories', 'triggerFiles', 'maxFileBytes'])
      assert.ok(labels.includes(key), `completion offers ${key}: ${labels.join(', ')}`);
    const docText =
      typeof described.documentation === 'string' ? described.documentation : (described.documentation?.value ?? '');
    assert.match(docText + String(described.detail ?? ''), /Workspace property/, 'with the description');
    const schemaWarning = () =>
      vscode.languages
        .getDiagnostics(doc.uri)
        .find((d) => d.source !== 'Notion Sync' && d.range.start.line === 2 && /exlude/.test(d.message));
    await until('the schema warning for the unknown key', schemaWarning, 30_000).catch((err: Error) => {
      const all = vscode.languages
        .getDiagnostics(doc.uri)
        .map((d) => `${d.source}@${d.range.start.line}: ${d.message}`);
      throw new Error(`${err.message}; diagnostics: ${JSON.stringify(all)}`);
    });
    assert.ok(
      !vscode.languages.getDiagnostics(doc.uri).some((d) => d.source !== 'Notion Sync' && /comment/i.test(d.message)),
      'the JSON language service accepts comments (allowComments)',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
