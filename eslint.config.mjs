// Lint: typescript-eslint's recommended rules, plus the layering rules of DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import checkFile from 'eslint-plugin-check-file';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** The folders of src/core from the bottom up (DESIGN.md): each may import only those before it. */
const CORE_LAYERS = ['config', 'inventory', 'content', 'chats', 'notion', 'sync', 'audit'];

const LAYER_ZONES = [
  ...CORE_LAYERS.slice(0, -1).map((layer, i) => ({
    target: `./src/core/${layer}`,
    from: CORE_LAYERS.slice(i + 1).map((above) => `./src/core/${above}`),
    message: `core/${layer} sits below ${CORE_LAYERS.slice(i + 1).join(', ')} (DESIGN.md: layers): move what both need down.`,
  })),
  {
    target: './src/core',
    from: ['./src/extension', './src/cli', './src/action', './src/sandbox'],
    message: 'src/core must not import the front ends or the sandbox.',
  },
  { target: './src/cli', from: ['./src/extension', './src/action'], message: 'The CLI runs without the editor.' },
  {
    target: './src/extension',
    from: ['./src/cli', './src/action'],
    message: 'The extension and the CLI share only src/core.',
  },
  {
    // The GitHub Action is a front end over the CLI: it runs the CLI's commands and formats their results.
    target: './src/action',
    from: ['./src/extension', './src/sandbox'],
    message: 'The Action runs the CLI on a runner: no editor, no sandbox.',
  },
  {
    target: './src/sandbox',
    from: ['./src/core', './src/extension', './src/cli', './src/action'],
    message: 'The sandbox imports nothing from src/core (DESIGN.md): it is an independent implementation.',
  },
];

// no-restricted-imports options: one rule, so each folder lists everything that applies to it.
const EDITOR_FREE = { paths: [{ name: 'vscode', message: 'Only src/extension uses the editor API.' }] };
const CORE = { paths: [{ name: 'vscode', message: 'src/core must not depend on the editor (DESIGN.md: layers).' }] };
const SANDBOX = { paths: [{ name: 'vscode', message: 'The sandbox runs without an editor.' }] };
const SDK = {
  patterns: [
    {
      group: ['@notionhq/client', '@notionhq/client/**'],
      message: 'Only src/core/notion talks to the Notion SDK (DESIGN.md: one door): use its typed operations.',
    },
  ],
};
const SDK_CLIENT = {
  patterns: [
    {
      group: ['**/notion/sdk'],
      message: 'The raw SDK client is private to src/core/notion: add a typed operation there.',
    },
  ],
};
function restrictions(...parts) {
  return { paths: parts.flatMap((p) => p.paths ?? []), patterns: parts.flatMap((p) => p.patterns ?? []) };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      '.vscode-test/**',
      'node_modules/**',
      'test-results/**',
      'bench/.work/**',
      'examples/**',
      '.demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // One naming convention for files and folders: kebab-case (`chat-watch.ts`, `claude-code.ts`).
    files: ['**/*.{ts,mjs}'],
    plugins: { 'check-file': checkFile },
    rules: {
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,mjs}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': ['error', { '{src,test,tools,bench}/**/': 'KEBAB_CASE' }],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Every import resolves to a file (TypeScript's rules), so the graph rules below see real paths.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      // Imported files are parsed as TypeScript too (without this, no-cycle sees no edges).
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts'],
    },
    rules: {
      // No import cycles, type-only imports included (a cycle of types is still two ideas tangled).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Arrows point down (DESIGN.md: layers).
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
    },
  },
  // Who may import what by name: the editor, the front ends, the sandbox, the Notion SDK.
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': ['error', restrictions(EDITOR_FREE, SDK, SDK_CLIENT)] } },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', restrictions(CORE, SDK, SDK_CLIENT)] } },
  { files: ['src/core/notion/**/*.ts'], rules: { 'no-restricted-imports': ['error', restrictions(CORE)] } },
  { files: ['src/extension/**/*.ts'], rules: { 'no-restricted-imports': ['error', restrictions(SDK, SDK_CLIENT)] } },
  { files: ['src/sandbox/**/*.ts'], rules: { 'no-restricted-imports': ['error', restrictions(SANDBOX, SDK)] } },
  {
    files: ['src/cli/**/*.ts', 'tools/**/*.mjs', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['tools/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
      },
    },
  },
  // Formatting is Prettier's (run by `npm run lint`); no lint rule argues with it.
  prettier,
);
