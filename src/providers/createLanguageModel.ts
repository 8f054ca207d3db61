import path from "node:path";
import type { Config } from "../core/config.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import type { ModelSettings } from "../core/recipe/modelSchema.js";
import { type ResponseCache, withResponseCache } from "./cache/withResponseCache.js";
import { createEmbeddedModel, defaultParallelSequences } from "./embedded/createEmbeddedModel.js";
import type { LanguageModel } from "./LanguageModel.js";
import { createOpenAICompatibleModel } from "./openai-compatible/createOpenAICompatibleModel.js";
import { openAICompatibleSettingsFrom } from "./openai-compatible/openAICompatibleSettingsFrom.js";
import { checkGgufFile } from "./registry/checkGgufFile.js";
import { createModelRegistry } from "./registry/createModelRegistry.js";

/** What {@link createLanguageModel} needs besides the recipe's `model` section. */
/**
 * Sequences an embedded model decodes at once: the recipe's `model.parallel`, else the number
 * `npm run bench:settings` measured for the model file on this machine, else the number the
 * registry measured for the model (on two cores), else {@link defaultParallelSequences}.
 */
export function embeddedParallel(
  settings: { parallel?: number | undefined },
  resolved: { parallel?: number; measured?: { parallel: number } },
): number {
  return settings.parallel ?? resolved.measured?.parallel ?? resolved.parallel ?? defaultParallelSequences;
}

/** CPU threads of an embedded model: the recipe's `model.threads`, else the measured number on this machine, else llama.cpp's default. */
export function embeddedThreads(
  settings: { threads?: number | undefined },
  resolved: { measured?: { threads: number } },
): number | undefined {
  return settings.threads ?? resolved.measured?.threads;
}

export interface CreateLanguageModelOptions {
  /** Cache folder, hub and package index, and the environment API keys are read from. */
  config: Config;
  /** Receives download progress and log lines [ignored]. */
  events?: EventSink;
  /** Folder that relative model and adapter paths resolve against (the recipe's folder) [working directory]. */
  baseDirectory?: string;
  /** Stops a download or a model load in progress. */
  signal?: AbortSignal;
  /**
   * Response cache for HTTP models (usually the run's store): a resumed or repeated run is
   * answered from it and pays nothing twice. Embedded models are never cached: they are free
   * to rerun and seeded, and caching would hide a changed model file.
   */
  store?: ResponseCache;
  /**
   * The embedded provider's decoding shortcuts, all on unless set otherwise here (benches
   * compare with and without): the forced JSON opening prefilled, the prompt cache's sequences,
   * generating sequences decoded in step.
   */
  embedded?: { prefill?: boolean; promptCache?: number; inStep?: boolean };
}

/**
 * The provider factory: turns a recipe's `model` section into a loaded LanguageModel. An
 * embedded model is resolved through the model registry (a registry name, downloaded and
 * verified when missing, or a .gguf path) and loaded once with its parallel sequences; an
 * OpenAI-compatible model gets its API key from the recipe or the environment variable it
 * names, and answers from `store`'s response cache when one is given.
 */
export async function createLanguageModel(
  settings: ModelSettings,
  options: CreateLanguageModelOptions,
): Promise<LanguageModel> {
  const events = options.events ?? ignoreEvents;
  const baseDirectory = options.baseDirectory ?? process.cwd();
  if (settings.provider === "openai-compatible") {
    const model = createOpenAICompatibleModel(
      openAICompatibleSettingsFrom(settings, options.config.environment),
      { events },
    );
    return options.store === undefined ? model : withResponseCache(model, options.store);
  }

  const registry = createModelRegistry({
    config: options.config,
    events,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const resolved = await registry.resolve(settings.name, { baseDirectory });
  const parallel = embeddedParallel(settings, resolved);
  const threads = embeddedThreads(settings, resolved);
  const adapter = settings.adapter === undefined ? undefined : path.resolve(baseDirectory, settings.adapter);
  if (adapter !== undefined) await checkGgufFile(adapter);
  events({
    type: "log",
    level: "info",
    message: `Loading ${resolved.name} (${parallel} parallel sequences${threads === undefined ? "" : `, ${threads} threads`}${resolved.measured === undefined ? "" : ", settings measured on this machine"}, context ${settings.contextSize})${adapter === undefined ? "" : ` with adapter ${adapter}`}`,
  });
  return createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    fileSha256: resolved.sha256,
    parallel,
    contextSize: settings.contextSize,
    ...(threads === undefined ? {} : { threads }),
    ...(settings.flashAttention === undefined ? {} : { flashAttention: settings.flashAttention }),
    ...(adapter === undefined ? {} : { adapter }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.embedded,
  });
}
