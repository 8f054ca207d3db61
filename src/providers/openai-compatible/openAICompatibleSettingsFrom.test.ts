import { describe, expect, it } from "vitest";
import { ProviderSettingsError } from "../../core/errors/ProviderSettingsError.js";
import { modelSchema } from "../../core/recipe/modelSchema.js";
import { openAICompatibleSettingsFrom } from "./openAICompatibleSettingsFrom.js";

const recipeModel = (fields: Record<string, unknown>) =>
  modelSchema.parse({ provider: "openai-compatible", name: "gpt-4o-mini", ...fields });

describe("openAICompatibleSettingsFrom", () => {
  it("takes the key from the named environment variable", () => {
    const settings = openAICompatibleSettingsFrom(
      recipeModel({ baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", parallel: 64 }),
      { OPENAI_API_KEY: "sk-from-env" },
    );
    expect(settings).toMatchObject({
      baseUrl: "https://api.openai.com/v1",
      model: "gpt-4o-mini",
      apiKey: "sk-from-env",
      parallel: 64,
      structuredOutput: "auto",
    });
  });

  it("prefers a key written in the recipe", () => {
    const settings = openAICompatibleSettingsFrom(
      recipeModel({ baseUrl: "http://127.0.0.1:8080/v1", apiKey: "sk-inline", apiKeyEnv: "UNSET" }),
      {},
    );
    expect(settings.apiKey).toBe("sk-inline");
  });

  it("names the field when the base URL or the key variable is missing", () => {
    expect(() => openAICompatibleSettingsFrom(recipeModel({}), {})).toThrow(
      /`model.baseUrl` \(or the environment variable OPENAI_BASE_URL\) is required/,
    );
    const error = (() => {
      try {
        openAICompatibleSettingsFrom(
          recipeModel({ baseUrl: "http://127.0.0.1:1/v1", apiKeyEnv: "NOPE_KEY" }),
          {},
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProviderSettingsError);
    expect((error as Error).message).toBe(
      "The environment variable NOPE_KEY named by `model.apiKeyEnv` is not set.",
    );
  });

  it("works without any key (local servers)", () => {
    const settings = openAICompatibleSettingsFrom(recipeModel({ baseUrl: "http://127.0.0.1:8080/v1" }), {});
    expect(settings.apiKey).toBeUndefined();
  });

  it("falls back to OPENAI_BASE_URL and OPENAI_API_KEY, sending that key nowhere else", () => {
    const environment = { OPENAI_BASE_URL: "https://gateway.example/v1", OPENAI_API_KEY: "sk-env" };
    expect(openAICompatibleSettingsFrom(recipeModel({}), environment)).toMatchObject({
      baseUrl: "https://gateway.example/v1",
      apiKey: "sk-env",
    });
    expect(
      openAICompatibleSettingsFrom(recipeModel({ baseUrl: "https://api.openai.com/v1" }), environment).apiKey,
    ).toBe("sk-env");
    expect(
      openAICompatibleSettingsFrom(recipeModel({ baseUrl: "http://127.0.0.1:8000/v1" }), environment).apiKey,
    ).toBeUndefined();
  });
});
