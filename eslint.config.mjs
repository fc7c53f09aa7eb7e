// Lint rules, including the layering the architecture depends on (probed by test/unit/lintLayering.test.ts):
//   src/shared            beneath everything: imports no other layer, no `vscode`, no `ssh2`, no
//                         Node built-ins (it is bundled into the webviews);
//   src/core              pure: imports only src/shared, never `vscode`, `ssh2`, src/platform,
//                         src/features, src/cli or the ssh2 adapter (testable in plain Node);
//   src/adapters/ssh2     the only home of `ssh2` (the SSH adapter shared by the extension and
//                         the CLI), and never `vscode`, src/platform, src/features or src/cli;
//                         the extension loads it lazily;
//   src/platform          VS Code helpers and services shared by features: never a feature or the CLI;
//   src/features/<name>   never a sibling feature (shared services live in src/platform and are
//                         passed in by src/extension.ts) and never the CLI;
//   src/cli               never src/platform or src/features (no VS Code in the CLI);
//   webviews/             no `vscode`, no Node built-ins, and only src/shared from the host code.
// Import cycles are found by scripts/check-cycles.mjs, formatting by Prettier: `npm run lint` runs all three.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const hostOnly = {
  name: 'vscode',
  message: 'src/core and src/shared are pure: take data in, give data out. Put VS Code code in src/platform or src/features.',
};
/** A ban on importing the named top-level folders of src/ (matched anywhere in a relative path). */
function layerBan(folders, message) {
  return { group: folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]), message };
}
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
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // No `curly`: Prettier decides the layout, and 'multi-line' fights it (a long brace-less
      // body it wraps onto a second line would need braces), as eslint-config-prettier notes.
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
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/adapters/ssh2 is shared with the CLI: no VS Code API here.' }],
          patterns: [layerBan(['platform', 'features', 'cli'], 'src/adapters/ssh2 is shared with the CLI: it may use src/core and src/shared only.')],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [hostOnly, sshOnly],
          patterns: [
            layerBan(
              ['platform', 'features', 'cli', 'adapters'],
              'src/core is pure: it may import src/shared and src/core only. Pass what it needs in as data.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [hostOnly, sshOnly, ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is bundled into webviews: no Node built-ins.' }))],
          patterns: [layerBan(['core', 'platform', 'features', 'cli', 'adapters'], 'src/shared is beneath every other layer: it imports only src/shared.')],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [sshOnly], patterns: [layerBan(['features', 'cli'], 'src/platform serves the features: it never imports one, nor the CLI.')] },
      ],
    },
  },
  {
    files: ['src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [sshOnly],
          patterns: [
            // '../other/x' from src/features/<name>/ is a sibling feature; '../../features/…' too.
            {
              regex: '^\\.\\./(?!\\.\\./)',
              message: 'A feature must not import a sibling feature: share a service through src/platform, created in src/extension.ts.',
            },
            layerBan(['features', 'cli'], 'A feature must not import a sibling feature (share a service through src/platform) nor the CLI.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [sshOnly], patterns: [layerBan(['platform', 'features'], 'The CLI runs without VS Code: no src/platform or src/features.')] },
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
  // Small files: over 400 lines is a warning, and lint allows no warnings.
  {
    files: ['**/*.ts', '**/*.mjs'],
    ignores: [
      // Generated by npm run import:keys / import:axolotl-keys: data, not code.
      'src/core/config/catalog/keyFacts.generated.ts',
      'src/core/config/catalog/axolotl/axolotlKeys.generated.ts',
    ],
    rules: { 'max-lines': ['warn', { max: 400 }] },
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
