import type { Config } from "../core/config.js";
import type { Reporter } from "./reporter.js";

/** What every command receives from the entry point. */
export interface CliContext {
  config: Config;
  reporter: Reporter;
  /** Aborted on the first Ctrl-C; work stops at a safe point and saves what it has. */
  signal: AbortSignal;
}
