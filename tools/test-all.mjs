// The whole test suite, in order of cost: every tier must pass. `npm test` runs this.
import { spawnSync } from 'node:child_process';
import { OLDEST_CODE_SERVER_VERSION } from './vscode/code-server.mjs';

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit', 'npm', ['run', '--silent', 'test:unit']],
  ['integration', 'npm', ['run', '--silent', 'test:integration']],
  ['prerequisites', process.execPath, ['tools/prereqs.mjs']],
  ['extension host', 'npm', ['run', '--silent', 'test:host']],
  // The oldest VS Code the manifest claims (engines.vscode ^1.90.0): code-server 4.90.3 = VS Code 1.90.2,
  // installed next to the current one (`npm run test:host:1.90` is the same tier).
  ['extension host 1.90', 'npm', ['run', '--silent', 'test:host'], { CODE_SERVER_VERSION: OLDEST_CODE_SERVER_VERSION }],
  ['ui', 'npm', ['run', '--silent', 'test:e2e']],
  ['ui 1.90', 'npm', ['run', '--silent', 'test:e2e'], { CODE_SERVER_VERSION: OLDEST_CODE_SERVER_VERSION }],
  // The packaged .vsix installs into code-server and activates there.
  ['vsix', process.execPath, ['tools/vscode/check-vsix.mjs']],
  // The same .vsix installs into VS Code 1.90, whose --install-extension checks engines.vscode, and activates.
  [
    'vsix 1.90',
    process.execPath,
    ['tools/vscode/check-vsix.mjs', '--no-package'],
    { CODE_SERVER_VERSION: OLDEST_CODE_SERVER_VERSION },
  ],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, cmd, args, env] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: r.status === 0, seconds });
  if (r.status !== 0) {
    console.log(`\n=== ${name} FAILED (exit ${r.status ?? r.signal}) after ${seconds}s ===`);
    break;
  }
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds}s)`);
const planned = steps.filter(([name]) => !only.length || only.includes(name)).length;
// A tier not reached after a failure counts as failed too.
const failed = results.filter((r) => !r.ok).length + (planned - results.length);
console.log(`tiers: ${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`);
process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
