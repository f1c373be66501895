import { defineConfig } from 'vitest/config';

// Every test sees UTC so date arithmetic never depends on the machine it runs on.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'connectors/**/*.test.ts',
      'core/**/*.test.ts',
      'scoring/**/*.test.ts',
      'workflows/**/*.test.ts',
    ],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
