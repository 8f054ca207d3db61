import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../core/config.js";
import { ModelFileError } from "../core/errors/ModelFileError.js";
import { ProviderSettingsError } from "../core/errors/ProviderSettingsError.js";
import { modelSchema } from "../core/recipe/modelSchema.js";
import { createMemoryResponseCache } from "./cache/createMemoryResponseCache.js";
import type { CachedLanguageModel } from "./cache/withResponseCache.js";
import { createLanguageModel, embeddedParallel, embeddedThreads } from "./createLanguageModel.js";

let directory: string;
let config: Config;

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-create-model-"));
  config = {
    cacheDir: path.join(directory, "cache"),
    // Nothing here may touch the network: a download attempt would fail at once.
    hubUrl: "http://127.0.0.1:1",
    pypiIndexUrl: "http://127.0.0.1:1/simple",
    environment: {},
    ci: true,
  };
  writeFileSync(path.join(directory, "weights.gguf"), Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(64)]));
  writeFileSync(path.join(directory, "notes.gguf"), "not a model");
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const http = (fields: Record<string, unknown>) =>
  modelSchema.parse({ provider: "openai-compatible", name: "qwen-plus", ...fields });

describe("createLanguageModel", () => {
  it("builds an OpenAI-compatible model whose answers go through the store's response cache", async () => {
    const model = await createLanguageModel(http({ baseUrl: "http://127.0.0.1:9/v1", parallel: 3 }), {
      config,
      store: createMemoryResponseCache(),
    });
    expect(model.identity).toEqual({ provider: "openai-compatible", id: "qwen-plus" });
    expect(model.parallelism).toBe(3);
    expect((model as CachedLanguageModel).statistics()).toEqual({ hits: 0, misses: 0, shared: 0 });
    await model.dispose();
  });

  it("leaves an OpenAI-compatible model uncached when no store is given", async () => {
    const model = await createLanguageModel(http({ baseUrl: "http://127.0.0.1:9/v1" }), { config });
    expect("statistics" in model).toBe(false);
    await model.dispose();
  });

  it("stops on missing HTTP settings before any request, naming the recipe field", async () => {
    await expect(createLanguageModel(http({}), { config })).rejects.toThrow(ProviderSettingsError);
    await expect(createLanguageModel(http({}), { config })).rejects.toThrow("`model.baseUrl`");
    await expect(
      createLanguageModel(http({ baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: "MISSING_KEY" }), { config }),
    ).rejects.toThrow("The environment variable MISSING_KEY named by `model.apiKeyEnv` is not set.");
  });

  it("resolves an embedded model path against the recipe's folder and refuses a file that is not GGUF", async () => {
    const settings = modelSchema.parse({ name: "notes.gguf" });
    const error = await createLanguageModel(settings, { config, baseDirectory: directory }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toContain(
      `Model file ${path.join(directory, "notes.gguf")} is not a GGUF file`,
    );
  });

  it("checks the adapter, relative to the recipe's folder, before loading anything", async () => {
    const settings = modelSchema.parse({ name: "./weights.gguf", adapter: "adapters/missing.gguf" });
    await expect(createLanguageModel(settings, { config, baseDirectory: directory })).rejects.toThrow(
      `Model file ${path.join(directory, "adapters", "missing.gguf")} does not exist (ENOENT).`,
    );
  });
});

describe("embeddedParallel", () => {
  it("takes the recipe's number, else the registry's measured one, else 4", () => {
    expect(embeddedParallel({ parallel: 2 }, { parallel: 8 })).toBe(2);
    expect(embeddedParallel({}, { parallel: 8 })).toBe(8);
    expect(embeddedParallel({}, {})).toBe(4);
  });

  it("puts what was measured on this machine before the registry's number, and the recipe before both", () => {
    const measured = { parallel: 16, threads: 1 };
    expect(embeddedParallel({}, { parallel: 4, measured })).toBe(16);
    expect(embeddedParallel({ parallel: 2 }, { parallel: 4, measured })).toBe(2);
  });
});

describe("embeddedThreads", () => {
  it("takes the recipe's number, else the measured one, else leaves it to llama.cpp", () => {
    expect(embeddedThreads({ threads: 2 }, { measured: { threads: 1 } })).toBe(2);
    expect(embeddedThreads({}, { measured: { threads: 1 } })).toBe(1);
    expect(embeddedThreads({}, {})).toBeUndefined();
  });
});
