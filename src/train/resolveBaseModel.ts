import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../core/config.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import { createModelRegistry } from "../providers/registry/createModelRegistry.js";
import { defaultModels } from "../providers/registry/defaultModels.js";

/** Options of {@link resolveBaseModel}. */
export interface ResolveBaseModelOptions {
  config: Config;
  events?: EventSink;
  signal?: AbortSignal;
  /** Folder relative paths resolve against [the working directory]. */
  baseDirectory?: string;
}

/**
 * Turns a base-model reference into what the worker loads: a registry name becomes its
 * verified GGUF file (pulled when missing), a `.gguf` path is verified, a model folder
 * becomes an absolute path, and anything else is passed on as a Hugging Face hub id.
 */
export async function resolveBaseModel(reference: string, options: ResolveBaseModelOptions): Promise<string> {
  const baseDirectory = options.baseDirectory ?? process.cwd();
  const registry = () =>
    createModelRegistry({
      config: options.config,
      events: options.events ?? ignoreEvents,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  if (defaultModels.some((model) => model.name === reference)) {
    return (await registry().resolve(reference)).path;
  }
  if (reference.toLowerCase().endsWith(".gguf")) {
    return (await registry().resolve(reference, { baseDirectory })).path;
  }
  const local = path.resolve(baseDirectory, reference);
  if (existsSync(local) && statSync(local).isDirectory()) return local;
  return reference;
}
