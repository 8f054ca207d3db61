import type { Command } from "commander";
import type { CliContext } from "../context.js";

/** Every CLI command, one per file; each adds itself to the program. */
export function registerCommands(program: Command, context: CliContext): void {
  void program;
  void context;
}
