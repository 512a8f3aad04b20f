import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'server/**/*.test.ts', 'shared/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/process/**', 'node_modules/**', 'dist/**'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Test files share their worker's module graph: importing the whole server once per worker
    // instead of once per file saves minutes. What the server keeps in memory belongs to the app that
    // read it (outside any app, to the database connection), and each file's apps are stopped with its database
    // (tests/helpers/test-database.ts), so nothing of one file reaches the next.
    isolate: false,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
