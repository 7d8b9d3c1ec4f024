import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Only the project's own tests: scratch folders and demo output must never be collected.
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The SDK's notice that its 2027 releases need Node 22 repeats once per test process; it is in STACK-NOTES.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
