import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Only the project's own tests: scratch folders and demo output must never be collected.
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
