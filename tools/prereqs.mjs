// The Debian packages the editor test tiers need, installed when missing (CI starts bare):
// Chromium (UI and host tests), ripgrep (code-server's search binary: no download here),
// libkrb5-dev + make + g++ + python3 (code-server's native modules are built by node-gyp).
// Only node built-ins here: it runs before anything else is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const checks = [
  ['chromium', () => has('chromium') || existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')],
  ['ripgrep', () => has('rg')],
  ['libkrb5-dev', () => has('krb5-config') || existsSync('/usr/include/gssapi/gssapi.h')],
  ['make', () => has('make')],
  ['g++', () => has('g++')],
  ['python3', () => has('python3')],
];
const missing = checks.filter(([, ok]) => !ok()).map(([pkg]) => pkg);
if (missing.length === 0) {
  console.log('prerequisites: chromium, ripgrep, libkrb5-dev, make, g++, python3 present');
  process.exit(0);
}
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = root ? [] : has('sudo') ? ['sudo'] : null;
if (!has('apt-get') || sudo === null) {
  console.error(
    `prerequisites: missing ${missing.join(', ')}. Install them (Debian/Ubuntu: apt-get install ${missing.join(' ')}) and run the tests again.`,
  );
  process.exit(1);
}
console.log(`prerequisites: installing ${missing.join(', ')} with apt-get`);
const run = (args) =>
  execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
run(['apt-get', 'update']);
run(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
