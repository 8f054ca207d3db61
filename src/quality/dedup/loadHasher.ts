import xxhash, { type XXHashAPI } from "xxhash-wasm";

let hasher: Promise<XXHashAPI> | undefined;

/** The xxHash WebAssembly module, instantiated once per process. */
export function loadHasher(): Promise<XXHashAPI> {
  hasher ??= xxhash();
  return hasher;
}
