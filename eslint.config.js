// One lint configuration for the whole repository: typescript-eslint's recommended rules, plus the
// project rules that keep library packages portable.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Library code must run in browsers: Node built-ins only behind a `node` export condition, in
    // files named *.node.ts (and in tests).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.node.ts', '**/node/**', 'packages/backend-cuda/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'url'], message: 'Node-only API in a library package: put it behind the `node` export condition (a *.node.ts file).' }] }],
    },
  },
);
