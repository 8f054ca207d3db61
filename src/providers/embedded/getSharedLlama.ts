import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";

let shared: Promise<Llama> | undefined;

/**
 * The process-wide llama.cpp binding. Loaded once from the prebuilt binaries that ship in
 * npm (`build: "never"`: nothing is compiled or downloaded at run time); a GPU backend is
 * used when one is present, the CPU otherwise.
 */
export function getSharedLlama(): Promise<Llama> {
  shared ??= getLlama({ build: "never", gpu: "auto", logLevel: LlamaLogLevel.error }).catch((error) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
