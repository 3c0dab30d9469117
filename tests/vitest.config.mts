import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./support/global-setup.ts"],
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "e2e/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database copy, so files run in parallel safely.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
