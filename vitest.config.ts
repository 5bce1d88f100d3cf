import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,shared,sandboxes,tools,renderer,server,electron}/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
