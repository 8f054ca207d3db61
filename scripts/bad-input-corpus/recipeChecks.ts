import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";
import { labelledRecipeHead } from "../../test/support/labelledRecipe.js";

/** A valid recipe (line 13: `template:`, line 14: its first part) with `template` and `extra` swapped in. */
const recipe = (template: string, extra = "") => `${labelledRecipeHead("checked", 4)}template:
${template}
${extra}`;

const prompt = (text: string) => `  prompt: "${text}"`;
const good = prompt("Write a {{ label }} review.");
const bounded =
  "; expected a template that renders within bounded work \\(check its loops and range\\(\\) calls\\)$";

/**
 * Recipe mistakes that are only found by reading the files a recipe names or rendering its
 * templates: all of them before the store is opened and before any model loads.
 */
export const recipeChecks: BadInputClass = {
  name: "recipe-checks",
  description:
    "recipes whose files or templates are wrong: found before the store is opened or a model loads",
  cases: async (): Promise<BadInputCaseDefinition[]> => [
    {
      name: "misspelt-slot",
      summary: "a template slot written {{ lable }} instead of {{ label }}",
      args: ["run", "recipe.yaml"],
      files: { "recipe.yaml": recipe(prompt("Write a {{ lable }} review.")) },
      exitCode: 2,
      message:
        /^recipe\.yaml:14:11: field `template\.prompt` uses `lable`, which is not a slot of this template; did you mean `label`\? Its slots: /,
    },
    {
      name: "misspelt-slot-in-one-branch",
      summary:
        "a misspelt slot only in the second phrasing and only for negative cells; the store of an earlier run is left as it was",
      args: ["run", "recipe.yaml"],
      fixture: "run",
      files: {
        "recipe.yaml": recipe(
          `  phrasings:\n    - "Write a {{ label }} review."\n    - "{% if label == 'negative' %}Complain about the {{ prodcut }}.{% else %}Praise it.{% endif %}"`,
        ),
      },
      exitCode: 2,
      message: /^recipe\.yaml:16:7: field `template\.phrasings\.1` uses `prodcut`, which is not a slot/,
    },
    {
      name: "ner-format-without-entities",
      summary: "export.formats asks for conll for a classification schema, which has no entity list",
      args: ["run", "recipe.yaml"],
      files: { "recipe.yaml": recipe(good, "export:\n  formats: [jsonl, conll]\n") },
      exitCode: 2,
      message:
        /^recipe\.yaml:\d+:\d+: field `export\.formats` asks for conll, which need an entity list in output\.schema/,
    },
    {
      name: "system-slot-unknown",
      summary: "a system message using a name that is no slot at all",
      args: ["run", "recipe.yaml"],
      files: { "recipe.yaml": recipe(`  system: "You are {{ persona }}."\n${good}`) },
      exitCode: 2,
      message:
        /^recipe\.yaml:14:11: field `template\.system` uses `persona`, which is not a slot of this template\. /,
    },
    {
      name: "labels-unknown-label",
      summary:
        "the labels section describes a label the label field does not have (a typo); the earlier run's store is untouched",
      args: ["run", "recipe.yaml"],
      fixture: "run",
      files: {
        "recipe.yaml": recipe(
          good,
          "labels:\n  positive: Praises the place.\n  negatve: Complains about it.\n",
        ),
      },
      exitCode: 2,
      message:
        /^recipe\.yaml:17:3: field `labels\.negatve` describes "negatve", which is not a value of the label field "label" \(positive, negative\); expected one of its values$/,
    },
    {
      name: "missing-reference-file",
      summary:
        "quality.reference.file names a file that does not exist; the earlier run's store is untouched",
      args: ["run", "recipe.yaml"],
      fixture: "run",
      files: { "recipe.yaml": recipe(good, "quality:\n  reference:\n    file: data/real.csv\n") },
      exitCode: 2,
      message:
        /^recipe\.yaml:17:11: field `quality\.reference\.file` names data\/real\.csv \(.*real\.csv\), which is missing; expected a file, relative to the recipe's folder$/,
    },
    {
      name: "seeds-file-is-a-folder",
      summary: "seeds.file names a folder",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe(good, "seeds:\n  file: seeds\n"),
        "seeds/seeds.jsonl": '{"text": "Great soup", "label": "positive"}\n',
      },
      exitCode: 2,
      message:
        /^recipe\.yaml:16:9: field `seeds\.file` names seeds \(.*\), which is a folder; expected a file/,
    },
    {
      name: "missing-evaluation-reference",
      summary: "evaluate.reference.file names a missing file: found before generation, not after training",
      args: ["run", "recipe.yaml"],
      files: { "recipe.yaml": recipe(good, "evaluate:\n  reference:\n    file: held-out.tsv\n") },
      exitCode: 2,
      message:
        /^recipe\.yaml:17:11: field `evaluate\.reference\.file` names held-out\.tsv \(.*\), which is missing/,
    },
    {
      name: "reference-wrong-column",
      summary: "quality.reference names a text column its file does not have",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe(good, "quality:\n  reference:\n    file: real.csv\n    textColumn: body\n"),
        "real.csv": "review,label\nfast delivery,positive\n",
      },
      exitCode: 2,
      message: /real\.csv.*"body"/,
    },
    {
      name: "template-range-bomb",
      summary: "a template looping over range(1000000000), which grew the heap until Node aborted",
      args: ["run", "recipe.yaml"],
      files: { "recipe.yaml": recipe(prompt("{% for i in range(1000000000) %}{{ i }}{% endfor %}")) },
      exitCode: 2,
      message: new RegExp(
        `^recipe\\.yaml:14:11: field \`template\\.prompt\` calls range\\(\\) for 1,000,000,000 items, more than 100,000${bounded}`,
      ),
    },
    {
      name: "template-nested-loops",
      summary: "three nested loops of a thousand each: a billion steps",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe(
          prompt(
            "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}.{% endfor %}{% endfor %}{% endfor %}",
          ),
        ),
      },
      exitCode: 2,
      message: new RegExp(
        `^recipe\\.yaml:14:11: field \`template\\.prompt\` takes more than 200,000 steps to render${bounded}`,
      ),
    },
    {
      name: "template-text-doubling",
      summary: "a template doubling a text sixty times",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe(
          prompt(
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
          ),
        ),
      },
      exitCode: 2,
      message: new RegExp(
        `^recipe\\.yaml:14:11: field \`template\\.prompt\` makes a text of more than 1,000,000 characters${bounded}`,
      ),
    },
    {
      name: "template-raises",
      summary: "a template that calls raise_exception for one label",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe(
          prompt("{% if label == 'negative' %}{{ raise_exception('no negatives') }}{% endif %}Hi"),
        ),
      },
      exitCode: 2,
      message: /^recipe\.yaml:14:11: field `template\.prompt` failed to render: no negatives$/,
    },
    {
      name: "field-kind-unknown-field",
      summary: "quality.fields names a field the output schema does not have (sentence for text)",
      args: ["run", "recipe.yaml"],
      files: { "recipe.yaml": recipe(good, "quality:\n  fields:\n    sentence: { kind: review }\n") },
      exitCode: 2,
      message:
        /^recipe\.yaml:17:15: field `quality\.fields\.sentence` names "sentence", which is not a property of output\.schema \(its properties: text, label\)$/,
    },
    {
      name: "field-kind-bad-phrase",
      summary: "a phrase of quality.fields.text.phrases.leak is not a regular expression",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe(
          good,
          'quality:\n  fields:\n    text: { phrases: { leak: ["as of my [last update"] } }\n',
        ),
      },
      exitCode: 2,
      message:
        /^recipe\.yaml:17:\d+: field `quality\.fields\.text\.phrases\.leak\.0` expected a regular expression that compiles$/,
    },
  ],
};
