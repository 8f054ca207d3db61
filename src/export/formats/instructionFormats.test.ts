import { describe, expect, it } from "vitest";
import { instructionOutputYaml } from "../../../test/support/labelledRecipe.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { exportContext } from "../exportContext.js";
import { exportFormatWriters } from "./exportFormats.js";

const recipe = (exportSection = "") =>
  parseRecipe(
    `
name: assistant
description: Instructions a user gives an assistant, each with an excellent answer.
task: instruction
${instructionOutputYaml}plan: { count: 2 }
template: { prompt: "Write one." }
${exportSection}
`,
    "assistant.yaml",
  ).recipe;

const records = [
  { instruction: "How can I save money for a rainy day?", input: null, output: "Put a fixed share aside." },
  { instruction: "Summarize the note.", input: "Meeting moved to 3 pm.", output: "The meeting is at 3 pm." },
];

const render = (format: "alpaca" | "sharegpt" | "openai", exportSection?: string) =>
  exportFormatWriters[format].render(records, exportContext(recipe(exportSection)));

// Records in Alpaca's layout were exported with the recipe's description as every instruction,
// the record's instruction as the input and its `input` (often null, written "null") as the target.
describe("instruction-tuning formats of records in Alpaca's layout", () => {
  it("keep each record's own instruction, input and output", () => {
    expect(JSON.parse(render("alpaca"))).toEqual([
      { instruction: "How can I save money for a rainy day?", input: "", output: "Put a fixed share aside." },
      {
        instruction: "Summarize the note.",
        input: "Meeting moved to 3 pm.",
        output: "The meeting is at 3 pm.",
      },
    ]);
    expect(JSON.parse(render("sharegpt"))[1].conversations).toEqual([
      { from: "human", value: "Summarize the note.\n\nMeeting moved to 3 pm." },
      { from: "gpt", value: "The meeting is at 3 pm." },
    ]);
    const chat = render("openai")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(chat[0].messages).toEqual([
      { role: "user", content: "How can I save money for a rainy day?" },
      { role: "assistant", content: "Put a fixed share aside." },
    ]);
  });

  it("follow the recipe's export fields when it names them", () => {
    const alpaca = JSON.parse(render("alpaca", "export: { inputField: instruction, outputField: output }"));
    expect(alpaca[0]).toEqual({
      instruction: "Instructions a user gives an assistant, each with an excellent answer.",
      input: "How can I save money for a rainy day?",
      output: "Put a fixed share aside.",
    });
  });
});
