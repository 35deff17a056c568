import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // libsolv testcases and real-data differentials are CPU-bound; two cores here.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
