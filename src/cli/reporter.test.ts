import { describe, expect, it } from "vitest";
import { createReporter } from "./reporter.js";

function plainReporter() {
  const lines: string[] = [];
  const stream = { write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  return { reporter: createReporter("plain", stream), lines };
}

describe("plain reporter", () => {
  it("prints training progress with readable numbers and an ETA", () => {
    const { reporter, lines } = plainReporter();
    reporter.sink({
      type: "worker-progress",
      job: "train",
      step: 3,
      totalSteps: 9,
      values: { epoch: 0.4, loss: 2.8971234, lr: 0.00002856, "tok/s": 29, "eta s": 506 },
    });
    expect(lines).toEqual(["train: step 3/9 epoch 0.4 loss 2.897 lr 2.9e-5 tok/s 29 ETA 8m26s\n"]);
  });

  it("names the task, the count and the unit when a task starts, and warns in its own words", () => {
    const { reporter, lines } = plainReporter();
    reporter.sink({ type: "task-start", task: "generate", total: 100, unit: "records" });
    reporter.sink({ type: "log", level: "warn", message: "1 of 2 records accepted" });
    expect(lines).toEqual(["generate: started (100 records)\n", "warning: 1 of 2 records accepted\n"]);
  });

  it("names a run by its whole id (recipe name and hash), which a long recipe name would otherwise fill", () => {
    const { reporter, lines } = plainReporter();
    const start = {
      type: "run-start",
      runId: "translation-en-zh-4e7614bab886",
      recipe: "translation-en-zh",
    } as const;
    reporter.sink({ ...start, target: 100, alreadyAccepted: 0 });
    reporter.sink({ ...start, target: 100, alreadyAccepted: 40 });
    expect(lines).toEqual([
      "run translation-en-zh-4e7614bab886, target 100 records\n",
      "run translation-en-zh-4e7614bab886, target 100 records, 40 already accepted (resuming)\n",
    ]);
  });
});
