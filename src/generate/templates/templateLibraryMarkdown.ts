import { type BuiltinTemplate, templateTasks } from "./BuiltinTemplate.js";
import { builtinTemplates } from "./builtinTemplates.js";

/** docs/templates.md, generated from the library so it cannot drift (scripts/write-template-docs.ts). */
export function templateLibraryMarkdown(templates: readonly BuiltinTemplate[] = builtinTemplates()): string {
  const lines = [
    "# Built-in templates",
    "",
    "<!-- Generated from src/generate/templates/builtin/ by `npx tsx scripts/write-template-docs.ts`; do not edit by hand. -->",
    "",
    `Synthforge ships ${templates.length} prompt templates in Chinese and English. Use one by id and`,
    "override any part of it in the recipe:",
    "",
    "```yaml",
    "template:",
    "  id: classification-sentiment-en",
    "  variables: { length: one sentence }   # optional: slot values for every record",
    "  # prompt: ...                         # optional: replaces the phrasings",
    "  # system: ...                         # optional: replaces the system message",
    "```",
    "",
    "Each template has several phrasings of the same request; plan slot *i* uses phrasing",
    "*i mod n*, so a dataset is not written from one prompt (`template.rotate: false` turns this off).",
    "Slots are Jinja variables: the control dimensions of the plan cell fill slots of the same",
    "name, `template.variables` fill the rest, and every template can also use `language`,",
    "`language_code`, `labels` (every value of the label dimension) and `examples` (few-shot",
    "seed records). `synthforge templates list` and `synthforge templates show <id>` print the same.",
    "",
    "Before the first model call, every template is rendered for every plan cell with every",
    "phrasing. A name that no slot, loop or `set` declares is an error naming the recipe's file,",
    "line and field and the closest slot (`{{ lable }}`: did you mean `label`?); to use a slot",
    'only when it has a value, write `{% if style is defined %}` or `{{ style | default("") }}`.',
    "Rendering is bounded: 200,000 steps (a loop costs one per item), 1,000,000 characters in",
    "any one value, lists of 100,000 items, 10 seconds; a template past a bound is a recipe error.",
    "",
    "| id | language | task | phrasings | slots | output fields |",
    "| --- | --- | --- | --- | --- | --- |",
    ...templates.map(
      (template) =>
        `| [\`${template.id}\`](#${template.id}) | ${template.language} | ${template.task} | ${template.phrasings.length} | ${template.slots.map((slot) => slot.name).join(", ")} | ${Object.keys(template.outputSchema.properties as object).join(", ")} |`,
    ),
  ];
  for (const task of templateTasks) {
    const ofTask = templates.filter((template) => template.task === task);
    if (ofTask.length === 0) continue;
    lines.push("", `## ${task}`);
    for (const template of ofTask) {
      lines.push(
        "",
        `### ${template.id}`,
        "",
        `${template.title} — version ${template.version}, ${template.language === "zh" ? "Chinese" : "English"}; text field \`${template.textField}\`${template.labelField ? `, label field \`${template.labelField}\`` : ""}.`,
        "",
        ...template.slots.map(
          (slot) =>
            `- \`${slot.name}\`: ${slot.description}${slot.default === undefined ? " Required." : slot.default === "" ? "" : ` Default: "${slot.default}".`}`,
        ),
        "",
        "Output schema:",
        "",
        "```json",
        JSON.stringify(template.outputSchema),
        "```",
        "",
        "First phrasing:",
        "",
        "```jinja",
        template.phrasings[0]!,
        "```",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
