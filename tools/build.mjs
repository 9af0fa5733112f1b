// Bundles the extension and the CLI with esbuild, `vscode` external. The extension is two files:
// dist/extension.js, what activation loads (src/extension/extension.ts, shell.ts, ids.ts: registers
// the contributions), and dist/engine.js (src/extension/engine.ts: services.ts, src/core, the
// libraries), which extension.ts requires just after activation.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // sql.js looks for its wasm next to the bundle; we copy it there below.
  external: ['vscode'],
  define: {
    'import.meta.url': '__importMetaUrl',
    __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
  },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

// `require('./engine')` in the extension's shell stays a require of the engine bundle beside it.
const engineExternal = {
  name: 'engine-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/engine$/ }, () => ({ path: './engine.js', external: true }));
  },
};

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', plugins: [engineExternal] },
  { ...common, entryPoints: ['src/extension/engine.ts'], outfile: 'dist/engine.js' },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
  },
  // The GitHub Action (action.yml: runs.using node20, main dist/action.js).
  { ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/action.js' },
];

mkdirSync('dist', { recursive: true });
try {
  const wasm = join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm');
  copyFileSync(wasm, 'dist/sql-wasm.wasm');
} catch {
  // sql.js not installed: the Cursor reader reports that SQLite is unavailable.
}

if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context(t);
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  chmodSync('dist/cli.js', 0o755);
}
