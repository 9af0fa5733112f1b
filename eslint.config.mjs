// Lint: typescript-eslint's recommended rules, plus the layering rules of DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import checkFile from 'eslint-plugin-check-file';

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
    // core is shared by the CLI and the extension: it never sees the editor.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not depend on the editor (DESIGN.md: layers).' }],
          patterns: [
            {
              group: ['**/extension/**', '**/cli/**', '**/sandbox/**'],
              message: 'src/core must not import the front ends or the sandbox.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandbox is an independent implementation of Notion's contract.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The sandbox runs without an editor.' }],
          patterns: [
            {
              group: ['**/core/**', '**/extension/**'],
              message: 'The sandbox imports nothing from src/core (DESIGN.md).',
            },
          ],
        },
      ],
    },
  },
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
