// Packages the extension for Open VSX (VSCodium, Cursor, Gitpod, Theia…) without publishing it:
// builds the .vsix with vsce (the packager ovsx itself uses), checks what Open VSX requires of the
// manifest and the package, and prints the publish command.
//
//   node tools/package-openvsx.mjs [--no-package]      (npm run package:openvsx)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, 'dist', `${manifest.name}.vsix`);
const errors = [];
const warnings = [];

// What Open VSX checks on publish (and ovsx before it): identity, licence, repository, engine.
if (!/^[a-z0-9][a-z0-9-]*$/i.test(manifest.publisher ?? ''))
  errors.push('"publisher" (the Open VSX namespace) is missing or invalid');
if (!/^[a-z0-9][a-z0-9-]*$/.test(manifest.name ?? ''))
  errors.push('"name" must be lower-case letters, digits and dashes');
if (!/^\d+\.\d+\.\d+/.test(manifest.version ?? '')) errors.push('"version" must be semver');
if (!manifest.engines?.vscode) errors.push('"engines.vscode" is required');
if (!manifest.license) errors.push('"license" is required (Open VSX shows it and ovsx warns without it)');
if (!existsSync(join(root, 'LICENSE'))) errors.push('a LICENSE file is required');
if (!manifest.repository?.url)
  errors.push('"repository" is required (ovsx refuses without --allow-missing-repository)');
else if (/example\.invalid/.test(manifest.repository.url))
  warnings.push(`"repository.url" is a placeholder (${manifest.repository.url}): set the real one before publishing`);
if ((manifest.activationEvents ?? []).includes('*')) errors.push('"*" activation is not accepted');
if (!manifest.icon || !existsSync(join(root, manifest.icon))) errors.push('"icon" must point to a file in the package');
if ((manifest.categories ?? []).includes('Notebooks') && !manifest.contributes?.notebooks)
  errors.push('"Notebooks" category without a notebook contribution');
// %key% strings in the manifest need package.nls.json in the package.
const placeholders = JSON.stringify(manifest).match(/"%[\w.-]+%"/g) ?? [];
if (placeholders.length) {
  const nlsFile = join(root, 'package.nls.json');
  const nls = existsSync(nlsFile) ? JSON.parse(readFileSync(nlsFile, 'utf8')) : {};
  const missing = [...new Set(placeholders.map((p) => p.slice(2, -2)))].filter((k) => !(k in nls));
  if (missing.length) errors.push(`package.nls.json lacks ${missing.join(', ')}`);
}

if (errors.length === 0 && !process.argv.includes('--no-package')) {
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) errors.push(`npm run package failed (exit ${r.status})`);
}
if (errors.length === 0) {
  // The files in the package, as vsce lists them: the bundles, and the nls file when used.
  const ls = spawnSync(join(root, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = ls.stdout.split('\n').filter(Boolean);
  for (const need of ['package.json', 'dist/extension.js', 'dist/engine.js', 'dist/cli.js', 'LICENSE', 'README.md'])
    if (!files.includes(need)) errors.push(`the package lacks ${need}`);
  if (placeholders.length && !files.includes('package.nls.json')) errors.push('the package lacks package.nls.json');
}

for (const w of warnings) console.warn(`warning: ${w}`);
if (errors.length) {
  for (const e of errors) console.error(`error: ${e}`);
  process.exit(1);
}
if (existsSync(vsix)) console.log(`Open VSX package: ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB)`);
console.log(`Publish (not done here): npx ovsx publish ${vsix} -p "$OVSX_PAT"`);
