import type { Command } from "commander";
import { UsageError } from "../../core/errors/UsageError.js";
import { type BuiltinTemplate, templateTasks } from "../../generate/templates/BuiltinTemplate.js";
import { builtinTemplates, findBuiltinTemplate } from "../../generate/templates/builtinTemplates.js";
import { closeMatches } from "../../generate/templates/closeMatches.js";
import { renderTemplate } from "../../generate/templates/renderTemplate.js";
import { UnknownTemplateError } from "../../generate/templates/UnknownTemplateError.js";
import type { CliContext } from "../context.js";

/** `synthforge templates list | show`: browse the built-in template library. */
export function registerTemplatesCommand(program: Command, context: CliContext): void {
  const templates = program.command("templates").description("Browse the built-in prompt templates.");
  templates
    .command("list")
    .description("List built-in templates: id, version, language, task, phrasings, title.")
    .option("--task <task>", `only this task (${templateTasks.join(", ")})`)
    .option("--language <language>", "only this language (en, zh)")
    .action((flags: { task?: string; language?: string }, command: Command) => {
      if (flags.task !== undefined && !(templateTasks as readonly string[]).includes(flags.task)) {
        throw new UsageError(`--task expects one of ${templateTasks.join(", ")}; got "${flags.task}".`);
      }
      const language = flags.language?.toLowerCase().slice(0, 2);
      const rows = builtinTemplates().filter(
        (template) =>
          (flags.task === undefined || template.task === flags.task) &&
          (language === undefined || template.language === language),
      );
      if (command.optsWithGlobals<{ json?: boolean }>().json === true) {
        for (const template of rows) process.stdout.write(`${JSON.stringify(summary(template))}\n`);
        return;
      }
      if (rows.length === 0) {
        context.reporter.print("No built-in template matches.");
        return;
      }
      context.reporter.print(
        formatTable([
          ["id", "version", "language", "task", "phrasings", "title"],
          ...rows.map((template) => [
            template.id,
            template.version,
            template.language,
            template.task,
            String(template.phrasings.length),
            template.title,
          ]),
        ]),
      );
    });
  templates
    .command("show")
    .description("Show one built-in template: its text, slots and output schema.")
    .argument("<id>", "template id (see `synthforge templates list`)")
    .action((id: string, _flags: unknown, command: Command) => {
      const template = findBuiltinTemplate(id);
      if (!template) {
        throw new UnknownTemplateError(
          id,
          closeMatches(
            id,
            builtinTemplates().map((entry) => entry.id),
          ),
        );
      }
      if (command.optsWithGlobals<{ json?: boolean }>().json === true) {
        process.stdout.write(`${JSON.stringify(template)}\n`);
        return;
      }
      context.reporter.print(describeTemplate(template));
    });
}

function summary(template: BuiltinTemplate) {
  const { id, version, language, task, title } = template;
  return { id, version, language, task, title, phrasings: template.phrasings.length };
}

/** The text `templates show` prints. */
export function describeTemplate(template: BuiltinTemplate): string {
  const lines = [
    `${template.id} ${template.version} — ${template.title}`,
    `task: ${template.task}   language: ${template.language}   text field: ${template.textField}${template.labelField ? `   label field: ${template.labelField}` : ""}`,
    ...(template.fieldKinds
      ? [
          `field kinds: ${Object.entries(template.fieldKinds)
            .map(
              ([field, spec]) =>
                `${field}: ${spec.kind}${spec.language ? ` (${spec.language})` : ""}${spec.from ? ` from ${spec.from.join(", ")}` : ""}`,
            )
            .join("; ")}`,
        ]
      : []),
    "",
    "system:",
    indent(template.system),
    "",
    ...template.phrasings.flatMap((phrasing, index) => [
      `phrasing ${index + 1} of ${template.phrasings.length}:`,
      indent(phrasing),
      "",
    ]),
    "slots (also always available: language, language_code, labels, examples):",
    ...template.slots.map(
      (slot) =>
        `  ${slot.name}: ${slot.description}${slot.default === undefined ? " (required)" : slot.default === "" ? " (optional)" : ` (default "${slot.default}")`}`,
    ),
    "",
    "output schema:",
    indent(JSON.stringify(template.outputSchema, null, 2)),
    "",
    "phrasing 1 rendered with the sample slot values:",
    indent(renderTemplate(template.phrasings[0]!, sampleVariables(template), [template.id]).trim()),
  ];
  return lines.join("\n");
}

function sampleVariables(template: BuiltinTemplate): Record<string, unknown> {
  return {
    language: template.language === "zh" ? "Chinese" : "English",
    language_code: template.language,
    labels: "",
    ...Object.fromEntries(
      template.slots.map((slot) => [
        slot.name,
        Array.isArray(slot.sample) ? slot.sample.join(", ") : slot.sample,
      ]),
    ),
    examples: [],
  };
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

function formatTable(table: string[][]): string {
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => displayWidth(line[column]!))));
  return table
    .map((line) =>
      line
        .map((cell, column) => cell + " ".repeat(Math.max(0, widths[column]! - displayWidth(cell))))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Terminal columns: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        character,
      )
        ? 2
        : 1;
  return width;
}
