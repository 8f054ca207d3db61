import path from "node:path";
import type { Config } from "../core/config.js";

/** Where the worker caches GGUF base models dequantized for training: `<cache>/worker/models`. */
export function modelCacheDir(config: Config): string {
  return path.join(config.cacheDir, "worker", "models");
}
