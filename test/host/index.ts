// Entry of the extension-host tests: the `extensionTestsPath` module VS Code loads in its extension
// host, with the @vscode/test-electron contract (`run(): Promise<void>`). The same compiled
// `out/test/host/*.test.js` files also run under @vscode/test-cli (`.vscode-test.mjs`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { version } from 'vscode';

const BEGIN = '[host tests] begin:';
const END = '[host tests] end:';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    // The spec reporter prints through console.log, which the extension host forwards to the
    // workbench (and the runner prints it). Colours only when the runner's terminal has them.
    color: process.env.NOTION_SYNC_TEST_COLOR === '1',
    timeout: Number(process.env.NOTION_SYNC_TEST_TIMEOUT_MS ?? 20_000),
    grep: process.env.NOTION_SYNC_TEST_GREP || undefined,
  });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));

  // The runner (tools/vscode/run-host-tests.mjs) prints the extension host's console between these lines.
  console.log(`${BEGIN} ${files.length} file(s) in VS Code ${version}`);
  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        console.log(`${END} ${failures} failure(s)`);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
