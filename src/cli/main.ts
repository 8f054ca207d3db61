import { Command, CommanderError } from "commander";
import { configFromEnvironment } from "../core/config.js";
import { SynthforgeError } from "../core/errors/SynthforgeError.js";
import { registerCommands } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { createReporter, type OutputMode } from "./reporter.js";

/** Entry point of the `synthforge` executable: parses argv and maps errors to exit codes. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const abort = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nStopping at the next safe point (Ctrl-C again to quit at once)...\n");
    abort.abort();
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);

  const program = new Command("synthforge")
    .description("Generate training data with language models, prove it is good, and fine-tune on it.")
    .option("--quiet", "print only warnings and errors")
    .option("--json", "print machine-readable JSON lines on stdout")
    .showHelpAfterError()
    .exitOverride();

  const context: CliContext = {
    config: configFromEnvironment(),
    get reporter() {
      return reporter;
    },
    signal: abort.signal,
  };
  let reporter = createReporter("plain");
  program.hook("preAction", () => {
    const flags = program.opts<{ quiet?: boolean; json?: boolean }>();
    const mode: OutputMode = flags.json
      ? "json"
      : flags.quiet
        ? "quiet"
        : process.stderr.isTTY
          ? "pretty"
          : "plain";
    reporter = createReporter(mode);
  });
  registerCommands(program, context);

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    reporter.close();
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof SynthforgeError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`internal error (please report): ${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  } finally {
    reporter.close();
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", onInterrupt);
  }
}
