// DPO on exported review pairs, end to end: a reviewed run's pairs (`synthforge review pairs`)
// trained by `synthforge train --method dpo` in the real worker on the real default student
// (SmolLM2-135M, LoRA): the loss starts at log 2 (the adapter starts at zero, so the policy is
// the reference), falls, and the adapter is saved.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../support/captureOutput.js";
import { fillStore } from "../support/fillStore.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-dpo-"));
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

describe("synthforge train --method dpo", () => {
  it("trains a LoRA adapter on the pairs of a review", async () => {
    const store = path.join(directory, "store.sqlite");
    const runId = fillStore(store, { accepted: 40, rejected: 0 });
    const cli = (...args: string[]) => main(["node", "synthforge", ...args]);
    const { out, err } = captureOutput();
    const sample = path.join(directory, "sample.jsonl");
    expect(await cli("review", "sample", "--store", store, "--out", sample)).toBe(0);
    const ids = readFileSync(sample, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).id as string);
    const verdicts = path.join(directory, "verdicts.jsonl");
    writeFileSync(
      verdicts,
      ids
        .map((id, index) =>
          JSON.stringify(
            index < 6
              ? { id, verdict: "wrong", reason: "unnatural or machine-like" }
              : { id, verdict: "correct" },
          ),
        )
        .join("\n"),
    );
    expect(await cli("review", "import", verdicts, "--store", store)).toBe(0);
    const pairs = path.join(directory, "pairs.jsonl");
    expect(await cli("review", "pairs", "--store", store, "--out", pairs)).toBe(0);
    expect(out.join("")).toContain(`Wrote 6 preference pairs of run ${runId}`);

    const output = path.join(directory, "dpo");
    const code = await cli(
      "train",
      "--method",
      "dpo",
      "--data",
      pairs,
      "--out",
      output,
      "--max-steps",
      "6",
      "--batch-size",
      "2",
      "--beta",
      "0.5",
      "--learning-rate",
      "2e-3",
    );
    expect(code, err.join("")).toBe(0);
    const printed = out.join("");
    // The figures docs/training.md quotes, in the test log.
    console.warn(printed.split("\n").find((line) => line.startsWith("DPO on")));
    expect(printed).toMatch(/DPO on 6 preference pairs: 6 steps in \d+ s, loss 0\.693 → \d\.\d{3}/);
    const log = JSON.parse(readFileSync(path.join(output, "train_log.json"), "utf8"));
    expect(log.lossCurve[0].loss).toBeCloseTo(Math.log(2), 3);
    expect(log.finalLoss).toBeLessThan(Math.log(2));
    expect(log.rewardAccuracy).toBeGreaterThan(0.5);
    expect(
      JSON.parse(readFileSync(path.join(output, "adapter", "adapter_config.json"), "utf8")).peft_type,
    ).toBe("LORA");
  });
});
