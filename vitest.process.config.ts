import { defineConfig } from 'vitest/config';

// Tests that start whole server processes, other nodes, Redis and embedded databases of their own and
// kill them (failover, chaos, the two-node queue property, backup round trip, database supervision,
// short locks between two nodes): minutes of wall time, so they run as their own step
// (`npm run test:process`, which CI runs) and `npm test` stays quick.
export default defineConfig({
  test: {
    include: ['tests/process/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
