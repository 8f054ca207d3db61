import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerAnnotateCommand } from "./annotate.js";
import { registerCheckCommand } from "./check.js";
import { registerEvaluateCommand } from "./evaluate.js";
import { registerExportCommand } from "./export.js";
import { registerModelsCommand } from "./models.js";
import { registerReportCommand } from "./report.js";
import { registerReviewCommand } from "./review.js";
import { registerRunCommand } from "./run.js";
import { registerRunsCommand } from "./runs.js";
import { registerServeCommand } from "./serve.js";
import { registerTemplatesCommand } from "./templates.js";
import { registerTrainCommand } from "./train.js";
import { registerWorkerCommand } from "./worker.js";

/** Every CLI command, one per file; each adds itself to the program. */
export function registerCommands(program: Command, context: CliContext): void {
  registerRunCommand(program, context);
  registerExportCommand(program, context);
  registerAnnotateCommand(program, context);
  registerCheckCommand(program, context);
  registerReviewCommand(program, context);
  registerReportCommand(program, context);
  registerRunsCommand(program, context);
  registerModelsCommand(program, context);
  registerServeCommand(program, context);
  registerTemplatesCommand(program, context);
  registerTrainCommand(program, context);
  registerEvaluateCommand(program, context);
  registerWorkerCommand(program, context);
}
