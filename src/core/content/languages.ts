import type { BlockObjectRequest } from '@notionhq/client';

/**
 * Notion's code-block language enum, exactly as `@notionhq/client` 5.x types it (`LanguageRequest`).
 * Notion rejects any other value, so every code block we produce uses one of these strings.
 */
export const NOTION_CODE_LANGUAGES = [
  'abap', 'abc', 'agda', 'arduino', 'ascii art', 'assembly', 'bash', 'basic', 'bnf', 'c', 'c#', 'c++',
  'clojure', 'coffeescript', 'coq', 'css', 'dart', 'dhall', 'diff', 'docker', 'ebnf', 'elixir', 'elm',
  'erlang', 'f#', 'flow', 'fortran', 'gherkin', 'glsl', 'go', 'graphql', 'groovy', 'haskell', 'hcl',
  'html', 'idris', 'java', 'javascript', 'json', 'julia', 'kotlin', 'latex', 'less', 'lisp', 'livescript',
  'llvm ir', 'lua', 'makefile', 'markdown', 'markup', 'matlab', 'mathematica', 'mermaid', 'nix',
  'notion formula', 'objective-c', 'ocaml', 'pascal', 'perl', 'php', 'plain text', 'powershell', 'prolog',
  'protobuf', 'purescript', 'python', 'r', 'racket', 'reason', 'ruby', 'rust', 'sass', 'scala', 'scheme',
  'scss', 'shell', 'smalltalk', 'solidity', 'sql', 'swift', 'toml', 'typescript', 'vb.net', 'verilog',
  'vhdl', 'visual basic', 'webassembly', 'xml', 'yaml', 'java/c/c++/c#',
] as const;

export type NotionCodeLanguage = (typeof NOTION_CODE_LANGUAGES)[number];

// Compile-time proof that our list and the SDK's enum are the same set (fails to type-check if the SDK changes).
type SdkLanguage = Extract<BlockObjectRequest, { code: unknown }>['code']['language'];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameAsSdk: Same<SdkLanguage, NotionCodeLanguage> = true;
void _sameAsSdk;

const LANGUAGE_SET: ReadonlySet<string> = new Set(NOTION_CODE_LANGUAGES);

export function isNotionCodeLanguage(value: string): value is NotionCodeLanguage {
  return LANGUAGE_SET.has(value);
}

/** Fence info words and file extensions (lower case, without dot) → Notion language. */
const ALIASES: Record<string, NotionCodeLanguage> = {
  // JavaScript family
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  nodejs: 'javascript', javascript: 'javascript', es6: 'javascript', ecmascript: 'javascript',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript', typescript: 'typescript',
  coffee: 'coffeescript', litcoffee: 'coffeescript', ls: 'livescript', flow: 'flow',
  // Python
  py: 'python', py3: 'python', python3: 'python', pyw: 'python', pyi: 'python', ipython: 'python',
  python: 'python', gyp: 'python', bzl: 'python', starlark: 'python',
  // Shells
  sh: 'shell', shell: 'shell', zsh: 'shell', ksh: 'shell', dash: 'shell', ash: 'shell', fish: 'shell',
  console: 'shell', 'shell-session': 'shell', shellsession: 'shell', 'sh-session': 'shell', terminal: 'shell',
  shellscript: 'shell', bash: 'bash', bats: 'bash',
  ps1: 'powershell', psm1: 'powershell', psd1: 'powershell', ps: 'powershell', pwsh: 'powershell',
  powershell: 'powershell', posh: 'powershell',
  // Data and config
  yml: 'yaml', yaml: 'yaml', json: 'json', jsonc: 'json', json5: 'json', jsonl: 'json', ndjson: 'json',
  geojson: 'json', webmanifest: 'json', toml: 'toml', xml: 'xml', xsl: 'xml', xslt: 'xml', xsd: 'xml',
  svg: 'xml', plist: 'xml', csproj: 'xml', rss: 'xml', atom: 'xml', html: 'html', htm: 'html',
  xhtml: 'html', vue: 'html', svelte: 'html', markup: 'markup',
  md: 'markdown', markdown: 'markdown', mdx: 'markdown', mkd: 'markdown',
  css: 'css', scss: 'scss', sass: 'sass', less: 'less',
  hcl: 'hcl', tf: 'hcl', tfvars: 'hcl', terraform: 'hcl', nix: 'nix', dhall: 'dhall',
  graphql: 'graphql', gql: 'graphql', proto: 'protobuf', protobuf: 'protobuf', proto3: 'protobuf',
  sql: 'sql', psql: 'sql', pgsql: 'sql', mysql: 'sql', sqlite: 'sql', plsql: 'sql', tsql: 'sql',
  postgres: 'sql', postgresql: 'sql',
  diff: 'diff', patch: 'diff', udiff: 'diff',
  dockerfile: 'docker', docker: 'docker', containerfile: 'docker',
  makefile: 'makefile', make: 'makefile', mk: 'makefile', mak: 'makefile', gnumakefile: 'makefile',
  mermaid: 'mermaid', mmd: 'mermaid',
  tex: 'latex', latex: 'latex', katex: 'latex', math: 'latex', sty: 'latex', cls: 'latex', bib: 'latex',
  // C family
  c: 'c', h: 'c', cpp: 'c++', 'c++': 'c++', cc: 'c++', cxx: 'c++', hpp: 'c++', hh: 'c++', hxx: 'c++',
  'h++': 'c++', ino: 'arduino', arduino: 'arduino',
  cs: 'c#', csharp: 'c#', 'c#': 'c#', csx: 'c#', fs: 'f#', fsx: 'f#', fsi: 'f#', fsharp: 'f#', 'f#': 'f#',
  m: 'objective-c', mm: 'objective-c', objc: 'objective-c', objectivec: 'objective-c',
  'objective-c': 'objective-c', 'obj-c': 'objective-c',
  java: 'java', kt: 'kotlin', kts: 'kotlin', kotlin: 'kotlin', scala: 'scala', sc: 'scala',
  groovy: 'groovy', gradle: 'groovy', jenkinsfile: 'groovy', go: 'go', golang: 'go', rs: 'rust', rust: 'rust',
  swift: 'swift', dart: 'dart', sol: 'solidity', solidity: 'solidity', glsl: 'glsl', vert: 'glsl',
  frag: 'glsl', ll: 'llvm ir', llvm: 'llvm ir', asm: 'assembly', s: 'assembly', nasm: 'assembly',
  assembly: 'assembly', wat: 'webassembly', wast: 'webassembly', wasm: 'webassembly',
  webassembly: 'webassembly', v: 'verilog', sv: 'verilog', svh: 'verilog', verilog: 'verilog',
  systemverilog: 'verilog', vhd: 'vhdl', vhdl: 'vhdl',
  // Scripting and others
  rb: 'ruby', ruby: 'ruby', rake: 'ruby', gemspec: 'ruby', erb: 'ruby', rbw: 'ruby',
  php: 'php', phtml: 'php', pl: 'perl', pm: 'perl', perl: 'perl', t: 'perl', lua: 'lua',
  r: 'r', rscript: 'r', jl: 'julia', julia: 'julia', ex: 'elixir', exs: 'elixir', elixir: 'elixir',
  erl: 'erlang', hrl: 'erlang', erlang: 'erlang', hs: 'haskell', lhs: 'haskell', haskell: 'haskell',
  elm: 'elm', ml: 'ocaml', mli: 'ocaml', ocaml: 'ocaml', re: 'reason', rei: 'reason', reason: 'reason',
  reasonml: 'reason', purs: 'purescript', purescript: 'purescript', idr: 'idris', idris: 'idris',
  agda: 'agda', coq: 'coq', clj: 'clojure', cljs: 'clojure', cljc: 'clojure', edn: 'clojure',
  clojure: 'clojure', lisp: 'lisp', cl: 'lisp', el: 'lisp', elisp: 'lisp', 'emacs-lisp': 'lisp',
  scm: 'scheme', ss: 'scheme', scheme: 'scheme', rkt: 'racket', racket: 'racket',
  pas: 'pascal', pp: 'pascal', pascal: 'pascal', delphi: 'pascal', f: 'fortran', f90: 'fortran',
  f95: 'fortran', f03: 'fortran', for: 'fortran', fortran: 'fortran', bas: 'basic', basic: 'basic',
  vb: 'vb.net', vbnet: 'vb.net', 'vb.net': 'vb.net', vba: 'visual basic', vbs: 'visual basic',
  vbscript: 'visual basic', matlab: 'matlab', octave: 'matlab', mathematica: 'mathematica',
  wl: 'mathematica', wolfram: 'mathematica', nb: 'mathematica', prolog: 'prolog', st: 'smalltalk',
  smalltalk: 'smalltalk', abap: 'abap', abc: 'abc', bnf: 'bnf', ebnf: 'ebnf', feature: 'gherkin',
  gherkin: 'gherkin', cucumber: 'gherkin',
  txt: 'plain text', text: 'plain text', plain: 'plain text', plaintext: 'plain text', none: 'plain text',
  nohighlight: 'plain text', log: 'plain text', csv: 'plain text', tsv: 'plain text', ini: 'plain text',
  cfg: 'plain text', conf: 'plain text', env: 'plain text', properties: 'plain text',
  ascii: 'ascii art', 'ascii-art': 'ascii art', asciiart: 'ascii art',
};

/** Whole file names (lower case) that decide the language on their own. */
const FILE_NAMES: Record<string, NotionCodeLanguage> = {
  dockerfile: 'docker', containerfile: 'docker', makefile: 'makefile', gnumakefile: 'makefile',
  rakefile: 'ruby', gemfile: 'ruby', vagrantfile: 'ruby', podfile: 'ruby', brewfile: 'ruby',
  jenkinsfile: 'groovy', justfile: 'makefile', '.bashrc': 'bash', '.bash_profile': 'bash',
  '.zshrc': 'shell', '.profile': 'shell', '.envrc': 'shell', 'cmakelists.txt': 'plain text',
};

/**
 * The Notion language for a fenced code block's info string (` ```ts title="x" ` → 'typescript').
 * Accepts `{.python}`, `language-js`, any case; unknown or empty → 'plain text'.
 */
export function languageForFence(info: string | null | undefined): NotionCodeLanguage {
  const whole = (info ?? '').trim().toLowerCase();
  if (whole === '') return 'plain text';
  if (isNotionCodeLanguage(whole)) return whole;
  let word = whole.split(/[\s,{}]+/).find((w) => w !== '') ?? '';
  word = word.replace(/^\./, '').replace(/^language-/, '').replace(/^lang-/, '');
  if (isNotionCodeLanguage(word)) return word;
  return own(ALIASES, word) ?? 'plain text';
}

/** The Notion language for a file, by its name or extension; unknown → 'plain text'. */
export function languageForPath(path: string): NotionCodeLanguage {
  const name = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  const byName = own(FILE_NAMES, name);
  if (byName) return byName;
  if (name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'docker';
  if (name.startsWith('makefile.')) return 'makefile';
  const dot = name.lastIndexOf('.');
  if (dot <= 0 && !name.startsWith('.')) return 'plain text';
  const ext = name.slice(dot + 1);
  return own(ALIASES, ext) ?? 'plain text';
}

/** The language named by a `#!` line (`#!/usr/bin/env python3` → 'python'), if any. */
export function languageForShebang(firstLine: string): NotionCodeLanguage | undefined {
  const m = /^#!\s*(\S+)(?:\s+(?:-\S+\s+)*(\S+))?/.exec(firstLine);
  if (!m) return undefined;
  let prog = (m[1].split('/').pop() ?? '').toLowerCase();
  if (prog === 'env' && m[2]) prog = (m[2].split('/').pop() ?? '').toLowerCase();
  prog = prog.replace(/[\d.]+$/, '');
  const byProg: Record<string, NotionCodeLanguage> = {
    python: 'python', bash: 'bash', sh: 'shell', zsh: 'shell', dash: 'shell', ksh: 'shell',
    node: 'javascript', deno: 'typescript', 'ts-node': 'typescript', tsx: 'typescript', bun: 'javascript',
    ruby: 'ruby', perl: 'perl', pwsh: 'powershell', powershell: 'powershell', php: 'php', lua: 'lua',
    rscript: 'r', julia: 'julia', elixir: 'elixir', escript: 'erlang', make: 'makefile',
  };
  return own(byProg, prog);
}

function own(table: Record<string, NotionCodeLanguage>, key: string): NotionCodeLanguage | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
