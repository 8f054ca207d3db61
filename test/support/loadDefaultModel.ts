import { configFromEnvironment } from "../../src/core/config.js";
import { createEmbeddedModel, type EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";

/** Options of {@link loadDefaultModel}. */
export interface DefaultModelOptions {
  /** Sequences decoded in parallel [2: the test machines have 2 cores]. */
  parallel?: number;
  /** Path of a GGUF LoRA adapter to load on top. */
  adapter?: string;
  /** Context window per sequence [2048]. */
  contextSize?: number;
  /** Whether generate()'s sequences decode in step [the provider's default, true]. */
  inStep?: boolean;
}

/**
 * The real default student model (SmolLM2-135M-Instruct, the smallest registry model, so
 * provider tests stay fast) for the model tier: resolved through the model registry (the
 * global setup has pulled and verified it) and loaded by the embedded provider, exactly as a
 * run loads it.
 */
export async function loadDefaultModel(options: DefaultModelOptions = {}): Promise<EmbeddedModel> {
  const registry = createModelRegistry({ config: configFromEnvironment() });
  const resolved = await registry.resolve(defaultStudentModelName);
  return createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    fileSha256: resolved.sha256,
    parallel: options.parallel ?? 2,
    contextSize: options.contextSize ?? 2048,
    ...(options.adapter === undefined ? {} : { adapter: options.adapter }),
    ...(options.inStep === undefined ? {} : { inStep: options.inStep }),
  });
}
