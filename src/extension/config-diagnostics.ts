import * as vscode from 'vscode';
import { checkConfigText, CONFIG_FILE_NAME, type ConfigProblem } from '../core/config';

/**
 * Problems in `.notion-sync.json` in the Problems panel, at their line and column: the engine's own
 * validator (the JSON Schema plus its hints: "did you mean", duplicate keys, exact Notion ids) runs on
 * open, on every change and on save; files on disk are checked at start and when they change.
 */
export function registerConfigDiagnostics(): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('notionSync.config');
  const isConfig = (uri: vscode.Uri) => uri.scheme === 'file' && uri.path.endsWith(`/${CONFIG_FILE_NAME}`);
  const openDocument = (uri: vscode.Uri) =>
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const show = (uri: vscode.Uri, text: string) => collection.set(uri, diagnosticsFor(text));
  const fromDocument = (doc: vscode.TextDocument) => {
    if (isConfig(doc.uri)) show(doc.uri, doc.getText());
  };
  const fromDisk = async (uri: vscode.Uri) => {
    if (!isConfig(uri) || openDocument(uri)) return;
    try {
      show(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      collection.delete(uri); // gone (or unreadable): the loader reports that itself
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  const disposables = [
    collection,
    watcher,
    vscode.workspace.onDidOpenTextDocument(fromDocument),
    vscode.workspace.onDidChangeTextDocument((e) => fromDocument(e.document)),
    vscode.workspace.onDidSaveTextDocument(fromDocument),
    vscode.workspace.onDidCloseTextDocument((doc) => void fromDisk(doc.uri)),
    watcher.onDidCreate((uri) => void fromDisk(uri)),
    watcher.onDidChange((uri) => void fromDisk(uri)),
    watcher.onDidDelete((uri) => collection.delete(uri)),
  ];
  vscode.workspace.textDocuments.forEach(fromDocument);
  for (const folder of vscode.workspace.workspaceFolders ?? [])
    void fromDisk(vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME));
  return vscode.Disposable.from(...disposables);
}

function diagnosticsFor(text: string): vscode.Diagnostic[] {
  return checkConfigText(text).problems.map((p) => {
    const d = new vscode.Diagnostic(
      rangeOf(text, p),
      p.message,
      p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    d.source = 'Notion Sync';
    d.code = p.key;
    return d;
  });
}

/** The problem's text span (its start from line/column, its end by counting the lines it covers). */
function rangeOf(text: string, p: ConfigProblem): vscode.Range {
  if (p.line === undefined || p.column === undefined || p.offset === undefined) return new vscode.Range(0, 0, 0, 0);
  const start = new vscode.Position(p.line - 1, p.column - 1);
  const span = text.slice(p.offset, p.offset + (p.length ?? 0));
  const lines = span.split(/\r\n|\r|\n/);
  const end =
    lines.length === 1
      ? start.translate(0, span.length)
      : new vscode.Position(start.line + lines.length - 1, lines[lines.length - 1].length);
  return new vscode.Range(start, end);
}
