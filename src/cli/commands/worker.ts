import type { Command } from "commander";
import { ensureWorkerEnvironment, workerEnvironmentExists } from "../../worker/ensureWorkerEnvironment.js";
import { requirementsHash, workerPackageDir, workerVenvDir } from "../../worker/workerPaths.js";
import type { CliContext } from "../context.js";

/** `synthforge worker setup | info`: the Python worker's virtual environment. */
export function registerWorkerCommand(program: Command, context: CliContext): void {
  const worker = program
    .command("worker")
    .description("Set up and inspect the Python worker that fine-tunes and evaluates models.");
  worker
    .command("setup")
    .description(
      "Create the worker's virtual environment (pinned PyTorch CPU build, transformers, peft, accelerate) under the cache folder; reused while worker/requirements.txt is unchanged.",
    )
    .option("--force", "build it again even when a complete one exists")
    .action(async (flags: { force?: boolean }) => {
      const environment = await ensureWorkerEnvironment({
        config: context.config,
        events: context.reporter.sink,
        signal: context.signal,
        force: flags.force === true,
      });
      context.reporter.print(
        `Worker environment ${environment.created ? "created" : "already set up"}: ${environment.venvDir}`,
      );
    });
  worker
    .command("info")
    .description("Print where the worker's virtual environment lives and whether it is set up.")
    .action(() => {
      const packageDir = workerPackageDir();
      context.reporter.print(
        [
          `package:      ${packageDir}`,
          `requirements: ${requirementsHash(packageDir)} (sha256 prefix of requirements.txt)`,
          `environment:  ${workerVenvDir(context.config, packageDir)}`,
          `set up:       ${workerEnvironmentExists(context.config) ? "yes" : "no (run `synthforge worker setup`)"}`,
        ].join("\n"),
      );
    });
}
