import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkDataset } from "./checkDataset.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-check-fields-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// `synthforge check` on an instruction file with no recipe: the kinds come from the column
// names, so each field is checked as what it is (issue 21: the review pre-filter rejected 23%
// of good human-written instruction records).
describe("checkDataset on instruction data", () => {
  it("keeps good records whose fields the review pre-filter rejected, and rejects the broken ones", async () => {
    const rows = [
      {
        instruction: "Plan lunches for the work week.",
        input: "",
        output:
          "Monday:\nMain dish: lentil soup\nSide: bread\nTuesday:\nMain dish: rice bowl\nSide: pickles\nWednesday:\nMain dish: pasta\nSide: salad",
      },
      {
        instruction: "Reply to this message politely.",
        input: "Hi [first name], can we move our call?",
        output: "Of course, Thursday works for me.",
      },
      { instruction: "How many sides does a hexagon have?", input: "", output: "6" },
      { instruction: "Translate into Chinese: good morning", input: "", output: "早上好" },
      {
        instruction: "Summarize the support chat in one sentence.",
        input: "Customer: the blender arrived cracked. Agent: I will refund you today.",
        output: "The user reported a cracked blender and the agent agreed to refund it.",
      },
      { instruction: "Name a fruit that is yellow.", input: "", output: "Name a fruit that is yellow." },
      {
        instruction: "Give me a tip for sleeping better.",
        input: "",
        output: "Sleep sleep sleep sleep sleep sleep sleep sleep.",
      },
    ];
    const file = path.join(directory, "instructions.jsonl");
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n"));
    const { outcome } = await checkDataset({ file, language: "en" });
    const reasons = outcome.verdicts.map((verdict) =>
      verdict.status === "rejected" ? verdict.reason : "kept",
    );
    expect(reasons.slice(0, 5)).toEqual(["kept", "kept", "kept", "kept", "kept"]);
    expect(reasons[5]).toMatch(/^echo: output: /);
    expect(reasons[6]).toMatch(/^repetition: output: /);
  });
});
