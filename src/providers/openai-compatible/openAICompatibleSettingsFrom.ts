import { ProviderSettingsError } from "../../core/errors/ProviderSettingsError.js";
import type { ModelSettings } from "../../core/recipe/modelSchema.js";
import type { OpenAICompatibleSettings } from "./OpenAICompatibleSettings.js";

/**
 * Turns a recipe's `model` section into provider settings, resolving the API key from the
 * recipe or from the environment variable it names (the caller passes `Config.environment`;
 * providers never read `process.env`). Without `model.baseUrl`, OPENAI_BASE_URL is used; without
 * a key setting, OPENAI_API_KEY is used for that URL or for api.openai.com. A named variable that is not set is an error, since a
 * silent request without a key would only fail later with a 401.
 */
export function openAICompatibleSettingsFrom(
  settings: ModelSettings,
  environment: Readonly<Record<string, string | undefined>>,
): OpenAICompatibleSettings {
  const fromEnvironment = environment.OPENAI_BASE_URL?.trim() || undefined;
  const baseUrl = settings.baseUrl ?? fromEnvironment;
  if (baseUrl === undefined) {
    throw new ProviderSettingsError(
      "model.baseUrl",
      "The recipe field `model.baseUrl` (or the environment variable OPENAI_BASE_URL) is required for provider openai-compatible, e.g. http://localhost:8000/v1.",
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
  // OPENAI_API_KEY goes only where OPENAI_BASE_URL (or OpenAI itself) points, never to another
  // server a recipe names: a local vLLM must not receive the user's OpenAI key.
  if (apiKey === undefined && settings.apiKeyEnv === undefined) {
    const openAI = /^https:\/\/api\.openai\.com(\/|$)/.test(baseUrl);
    if (settings.baseUrl === undefined || openAI) apiKey = environment.OPENAI_API_KEY?.trim() || undefined;
  }
  return {
    baseUrl,
    model: settings.name,
    ...(apiKey === undefined ? {} : { apiKey }),
    parallel: settings.parallel,
    requestTimeoutMs: settings.requestTimeoutMs,
    adaptiveConcurrency: settings.adaptiveConcurrency,
    maxRetries: settings.maxRetries,
    structuredOutput: settings.structuredOutput,
    ...(settings.price === undefined ? {} : { price: settings.price }),
  };
}
