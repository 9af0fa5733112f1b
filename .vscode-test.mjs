// @vscode/test-cli configuration, for contributors with desktop VS Code and internet: runs the same
// compiled extension-host tests as `npm run test:host` (which CI uses, inside code-server).
//
//   node tools/vscode/run-host-tests.mjs --bundle-only && npx vscode-test
import { defineConfig } from '@vscode/test-cli';

const common = {
  files: 'out/test/host/**/*.test.js',
  workspaceFolder: 'examples/demo-workspace',
  mocha: { ui: 'tdd', timeout: 20_000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
};

// The newest VS Code, and the oldest one package.json's engines.vscode allows (keep Cursor working).
export default defineConfig([
  { ...common, label: 'stable', version: 'stable' },
  { ...common, label: 'minimum', version: '1.90.0' },
]);
