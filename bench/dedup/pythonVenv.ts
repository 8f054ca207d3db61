import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { configFromEnvironment } from "../../src/core/config.js";

/**
 * A Python virtual environment for a benchmark baseline, under the cache folder
 * (`<cache>/bench/<name>-venv`), with the packages of `requirements` installed by pip. It is
 * made once and reused while the requirements file is unchanged. Returns the venv's python.
 */
export function pythonVenv(name: string, requirements: string): string {
  const directory = path.join(configFromEnvironment().cacheDir, "bench", `${name}-venv`);
  const python = path.join(directory, "bin", "python");
  const marker = path.join(directory, "requirements.sha256");
  const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  if (existsSync(python) && existsSync(marker) && readFileSync(marker, "utf8") === wanted) return python;
  process.stderr.write(`bench: installing ${path.basename(requirements)} into ${directory} (once)...\n`);
  const system = process.env.PYTHON ?? "python3";
  try {
    execFileSync(system, ["-m", "venv", directory], { stdio: ["ignore", "ignore", "inherit"] });
    execFileSync(
      python,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
  } catch (error) {
    throw new Error(
      `Could not install the baseline's Python packages (${requirements}) into ${directory}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  writeFileSync(marker, wanted);
  return python;
}
