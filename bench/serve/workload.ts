// What bench/serve's scripts (run.ts, decompose.ts, profile.ts) serve and ask: the same model,
// prompts, sampling and plain node-llama-cpp request, so that their figures compare.
import type { LlamaChat } from "node-llama-cpp";
import { configFromEnvironment } from "../../src/core/config.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import { toChatHistory } from "../../src/providers/embedded/toChatHistory.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";

export const parallel = 16;
export const contextSize = 512;
export const prompts = [
  "lighthouse",
  "kettle",
  "night train",
  "bakery",
  "glacier",
  "chess club",
  "harbour",
  "violin",
].map((topic) => `Tell a short story about a ${topic}.`);
export const sampling = { temperature: 0.7, topP: 0.92, topK: 40 };

/** The registry's student model file, the shared llama.cpp binding and its math threads. */
export async function loadStudent() {
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(
    defaultStudentModelName,
  );
  const llama = await getSharedLlama();
  return { resolved, llama, threads: Math.max(1, llama.cpuMathCores) };
}

/** Request `index` on the plain loop: its prompt and seed, each generated chunk's length to `onToken`. */
export function plainRequest(
  chat: LlamaChat,
  index: number,
  maxTokens: number,
  onToken: (tokens: number) => void,
) {
  return chat.generateResponse(toChatHistory([{ role: "user", content: prompts[index % prompts.length]! }]), {
    ...sampling,
    seed: index,
    maxTokens,
    onToken(chunk) {
      onToken(chunk.length);
    },
  });
}
