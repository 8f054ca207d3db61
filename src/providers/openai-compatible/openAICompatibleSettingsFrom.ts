import { ProviderSettingsError } from "../../core/errors/ProviderSettingsError.js";
import type { ModelSettings } from "../../core/recipe/modelSchema.js";
import type { OpenAICompatibleSettings } from "./OpenAICompatibleSettings.js";

/**
 * Turns a recipe's `model` section into provider settings, resolving the API key from the
 * recipe or from the environment variable it names (the caller passes `Config.environment`;
 * providers never read `process.env`). A named variable that is not set is an error, since a
 * silent request without a key would only fail later with a 401.
 */
export function openAICompatibleSettingsFrom(
  settings: ModelSettings,
  environment: Readonly<Record<string, string | undefined>>,
): OpenAICompatibleSettings {
  if (settings.baseUrl === undefined) {
    throw new ProviderSettingsError(
      "model.baseUrl",
      "The recipe field `model.baseUrl` is required for provider openai-compatible, e.g. http://localhost:8000/v1.",
    );
  }
  let apiKey = settings.apiKey;
  if (apiKey === undefined && settings.apiKeyEnv !== undefined) {
    apiKey = environment[settings.apiKeyEnv];
    if (apiKey === undefined || apiKey === "") {
      throw new ProviderSettingsError(
        "model.apiKeyEnv",
        `The environment variable ${settings.apiKeyEnv} named by \`model.apiKeyEnv\` is not set.`,
      );
    }
  }
  return {
    baseUrl: settings.baseUrl,
    model: settings.name,
    ...(apiKey === undefined ? {} : { apiKey }),
    parallel: settings.parallel,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxRetries: settings.maxRetries,
    structuredOutput: settings.structuredOutput,
    ...(settings.price === undefined ? {} : { price: settings.price }),
  };
}
