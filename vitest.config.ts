import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    exclude: ["test/fixtures/**", "test/corpus/**", "test/corpus-independent/**", "test/corpus-heldout*/**", "node_modules/**", "dist/**"],
    // Two cores: keep the pool small so spawned servers and sandboxes have room.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
