import type { Config } from "../core/config.js";
import type { EventSink } from "../core/events.js";
import { type ModelSettings, modelSchema } from "../core/recipe/modelSchema.js";
import type { ResponseCache } from "../providers/cache/withResponseCache.js";
import type { LanguageModel } from "../providers/LanguageModel.js";

/** Builds the model of a run when none is given (the provider factory). */
export type ModelFactory = (
  settings: ModelSettings,
  options: {
    config: Config;
    events: EventSink;
    baseDirectory?: string;
    signal?: AbortSignal;
    /** The run's store, as the response cache of HTTP models. */
    store?: ResponseCache;
  },
) => Promise<LanguageModel>;

/**
 * The settings of a second model a recipe names (`judge.model`, an entry of `judge.models`, or
 * `check --judge <model>`): a name or path replaces the base model's name and drops its LoRA
 * adapter (the adapter belongs to the base model); a partial model section overrides the base.
 */
export function modelSettingsFor(
  base: ModelSettings,
  wanted: string | Partial<ModelSettings>,
): ModelSettings {
  return modelSchema.parse(
    typeof wanted === "string" ? { ...base, name: wanted, adapter: undefined } : { ...base, ...wanted },
  );
}

/** True when two settings load the same model through the same provider (one model serves both). */
export function sameModel(one: ModelSettings, other: ModelSettings): boolean {
  return (
    one.name === other.name &&
    one.provider === other.provider &&
    one.baseUrl === other.baseUrl &&
    one.adapter === other.adapter
  );
}

/** What {@link createModels} needs to load a model. */
export interface ModelMaking {
  /** [the provider factory, createLanguageModel, loaded only when a model is made] */
  createModel?: ModelFactory | undefined;
  config: Config;
  events: EventSink;
  /** Folder relative model paths resolve against (the recipe's). */
  baseDirectory?: string | undefined;
  /** The store, as the response cache of HTTP models. */
  store?: ResponseCache | undefined;
  signal?: AbortSignal | undefined;
}

/** The models one command made, each disposed of once by `dispose` (last made, first disposed). */
export interface ModelSet {
  make(settings: ModelSettings): Promise<LanguageModel>;
  dispose(): Promise<void>;
}

/**
 * The one model factory of run, annotate and `check --judge`: makes models from settings with
 * the caller's factory (or the provider factory, imported on first use so a command that loads
 * no model never loads the provider code) and remembers them for disposal.
 */
export function createModels(making: ModelMaking): ModelSet {
  const made: LanguageModel[] = [];
  return {
    async make(settings) {
      const factory =
        making.createModel ?? (await import("../providers/createLanguageModel.js")).createLanguageModel;
      const model = await factory(settings, {
        config: making.config,
        events: making.events,
        ...(making.baseDirectory === undefined ? {} : { baseDirectory: making.baseDirectory }),
        ...(making.store === undefined ? {} : { store: making.store }),
        ...(making.signal ? { signal: making.signal } : {}),
      });
      made.push(model);
      return model;
    },
    async dispose() {
      for (const model of made.splice(0).reverse()) await model.dispose();
    },
  };
}
