// Lint rules, including the layering the architecture depends on:
//   src/core, src/shared  never import `vscode` or `ssh2` (pure, testable in plain Node);
//   src/adapters/ssh2     the only home of `ssh2` (the SSH adapter shared by the extension and
//                         the CLI), and never `vscode`; the extension loads it lazily;
//   src/shared            also no Node built-ins (it is bundled into the webviews);
//   webviews/             no `vscode`, no Node built-ins, and only src/shared from the host code.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const hostOnly = {
  name: 'vscode',
  message: 'src/core and src/shared are pure: take data in, give data out. Put VS Code code in src/platform or src/features.',
};
const sshOnly = { name: 'ssh2', message: 'Only src/adapters/ssh2 may load ssh2 (the extension loads it lazily, as dist/remote.js).' };

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.artifacts/**', 'dist-vsix/**', 'bench/.build/**', 'bench/.data/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      curly: ['error', 'multi-line'],
    },
  },
  // Later entries replace a rule's options for the files they match: general first.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/ssh2/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [sshOnly] }],
    },
  },
  {
    files: ['src/adapters/ssh2/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/adapters/ssh2 is shared with the CLI: no VS Code API here.' }] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [hostOnly, sshOnly] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [hostOnly, sshOnly, ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is bundled into webviews: no Node built-ins.' }))],
        },
      ],
    },
  },
  {
    files: ['webviews/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'Webviews talk to the host through the protocol in src/shared/protocol.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'Webviews run in a browser: no Node built-ins.' })),
          ],
          patterns: [
            {
              group: ['**/src/core/**', '**/src/platform/**', '**/src/features/**', '**/src/cli/**'],
              message: 'Webviews may import host code from src/shared only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
