import { defineConfig } from "vitest/config";

// Two tiers, as in node-llama-cpp: fast unit tests beside the code, and
// model-dependent tests that load the real default model (and the real worker).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "bench/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "model",
          include: ["test/model/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/model/globalSetup.ts"],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
