import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'demo-output/', 'coverage/', 'bench/results.json', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', performance: 'readonly', setImmediate: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
        { object: 'Date', property: 'now', message: 'Time comes from deps.clock.' },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', 'src/demo/**', 'src/cli.ts', 'src/clock.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
