import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // The dashboard's components, rendered in tests as Next renders them.
  resolve: { alias: { '@': path.join(here, '../apps/web/src') } },
  esbuild: { jsx: 'automatic' },
  test: {
    globalSetup: ['./support/global-setup.ts'],
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database copy, so files run in parallel safely.
    fileParallelism: true,
    maxWorkers: 2,
    // lets memory tests collect garbage and measure what is really held
    execArgv: ['--expose-gc'],
  },
});
