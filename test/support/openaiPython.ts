import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";

/** The pinned requirements of the official OpenAI Python client the model tier drives the server with. */
export const openaiPythonRequirements = fileURLToPath(
  new URL("../model/openaiClients/requirements.txt", import.meta.url),
);

/**
 * The Python of a venv with the official `openai` package, installed on first use from the
 * pinned requirements (PyPI) into the Synthforge cache, in a folder named by their hash: a
 * fresh clone's model tier installs it itself, and a changed pin gets a fresh venv.
 */
export function ensureOpenAIPython(): string {
  const requirements = readFileSync(openaiPythonRequirements);
  const hash = createHash("sha256").update(requirements).digest("hex").slice(0, 12);
  const venv = path.join(configFromEnvironment().cacheDir, `openai-python-${hash}`);
  const python = path.join(venv, "bin", "python");
  if (existsSync(python)) return python;
  // Built beside its final place and moved in whole, so a killed install leaves no half venv.
  const building = `${venv}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  execFileSync("python3", ["-m", "venv", building], { stdio: "inherit" });
  execFileSync(path.join(building, "bin", "pip"), ["install", "--quiet", "-r", openaiPythonRequirements], {
    stdio: "inherit",
    timeout: 600_000,
  });
  renameSync(building, venv);
  // A venv's scripts name the folder they were made in; the interpreter itself runs from anywhere.
  return python;
}
