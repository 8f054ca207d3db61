import path from "node:path";
import type { Config } from "../../core/config.js";
import type { EventSink } from "../../core/events.js";
import { createModelRegistry } from "../../providers/registry/createModelRegistry.js";
import { defaultModelName, defaultModels } from "../../providers/registry/defaultModels.js";
import { isCjkLanguage } from "../text/isCjkLanguage.js";

/** The English encoder that installs offline from its PyPI wheel. */
export const englishEncoder = "all-minilm-l6-v2";

/** The encoder a recipe names for a language, by name: all-MiniLM-L6-v2, or for CJK the Qwen teacher. */
export function workerEncoderName(configured: string | undefined, language: string): string {
  return configured ?? (isCjkLanguage(language) ? defaultModelName : englishEncoder);
}

/**
 * What the worker is sent as `encoder`: `all-minilm-l6-v2` as is; a registry model or a
 * `.gguf` file as its local path (fetched and verified by the model registry); a relative
 * folder resolved against the recipe's folder; anything else (a hub id) as is.
 */
export async function resolveWorkerEncoder(
  configured: string | undefined,
  options: { language: string; config: Config; events: EventSink; signal?: AbortSignal; directory?: string },
): Promise<string> {
  const name = workerEncoderName(configured, options.language);
  if (name === englishEncoder) return name;
  const registryName = defaultModels.some((model) => model.name === name);
  if (registryName || name.toLowerCase().endsWith(".gguf")) {
    const registry = createModelRegistry({
      config: options.config,
      events: options.events,
      signal: options.signal,
    });
    return (await registry.resolve(name, { baseDirectory: options.directory })).path;
  }
  const local = path.resolve(options.directory ?? process.cwd(), name);
  return name.startsWith(".") || name.startsWith("/") ? local : name;
}
