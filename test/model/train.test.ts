// Fine-tuning through the CLI as a user runs it: LoRA on the real default model (SmolLM2-135M
// GGUF, loaded by transformers in the Python worker) for a few steps; Ctrl-C stops it with a
// checkpoint and the same command resumes; the GGUF LoRA adapter it exports loads in the
// embedded provider and changes the model's answer; `--launcher accelerate` runs the job under
// `accelerate launch`; `synthforge evaluate` compares base and tuned side by side.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDefaultModel } from "../support/loadDefaultModel.js";
import { runCli } from "../support/runCli.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-train-"));
const output = path.join(directory, "train");
const store = path.join(directory, "store.sqlite");

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const positive = [
  "Great food and friendly staff.",
  "Loved the fresh pasta.",
  "Superb service, will be back.",
];
const negative = [
  "The soup was cold and bland.",
  "Rude waiter and a dirty table.",
  "Slow, stale and overpriced.",
];
const records = Array.from({ length: 24 }, (_, index) => {
  const label = index % 2 === 0 ? "positive" : "negative";
  const texts = label === "positive" ? positive : negative;
  return { text: `${texts[index % 3]} (visit ${index})`, label };
});
const data = path.join(directory, "reviews.jsonl");
writeFileSync(data, records.map((record) => `${JSON.stringify(record)}\n`).join(""));

/** Runs the CLI; `interruptWhen` sends SIGINT (Ctrl-C) once stderr matches it. */
const cli = (args: string[], interruptWhen?: RegExp) =>
  runCli(args, { cwd: directory, ...(interruptWhen === undefined ? {} : { interruptWhen }) });

const trainArgs = [
  "train",
  "--data",
  data,
  "--out",
  output,
  "--store",
  store,
  "--max-steps",
  "4",
  "--batch-size",
  "4",
  "--gradient-accumulation",
  "1",
  "--learning-rate",
  "2e-3",
  "--max-length",
  "128",
];

describe("synthforge train and evaluate on the default model", () => {
  it("stops on Ctrl-C with a checkpoint, resumes, and exports a GGUF LoRA adapter", async () => {
    const stopped = await cli(trainArgs, /step 1\/4/);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/checkpoint saved/);
    expect(existsSync(path.join(output, "checkpoints", "last", "state.pt"))).toBe(true);

    const resumed = await cli(trainArgs);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Trained 4\/4 steps .*resumed from step [1-3]/);
    expect(existsSync(path.join(output, "adapter", "adapter_config.json"))).toBe(true);
    expect(existsSync(path.join(output, "adapter.gguf"))).toBe(true);
    const log = JSON.parse(readFileSync(path.join(output, "train_log.json"), "utf8")) as { steps: number };
    expect(log.steps).toBe(4);
  });

  it("loads the adapter in the embedded provider, where it changes the model's answer", async () => {
    const request = {
      messages: [
        {
          role: "user" as const,
          content:
            "Classify the text. Answer with one label: negative, positive.\n\nText: The soup was cold and bland.",
        },
      ],
      sampling: { temperature: 0, topP: 1, topK: 1, maxTokens: 16, seed: 1 },
    };
    const base = await loadDefaultModel({ parallel: 1, contextSize: 512 });
    const baseAnswer = (await base.generate(request)).text;
    await base.dispose();
    const tuned = await loadDefaultModel({
      parallel: 1,
      contextSize: 512,
      adapter: path.join(output, "adapter.gguf"),
    });
    const tunedAnswer = (await tuned.generate(request)).text;
    await tuned.dispose();
    expect(tunedAnswer).not.toBe(baseAnswer);
  });

  it("runs the same job under `accelerate launch` with an FSDP configuration (one CPU process)", async () => {
    const launched = path.join(directory, "accelerate");
    const finished = await cli([
      "train",
      "--data",
      data,
      "--validation",
      data,
      "--out",
      launched,
      "--store",
      store,
      "--max-steps",
      "1",
      "--batch-size",
      "2",
      "--gradient-accumulation",
      "1",
      "--max-length",
      "96",
      "--launcher",
      "accelerate",
    ]);
    expect(finished.code, finished.stderr).toBe(0);
    expect(readFileSync(path.join(launched, "launch", "fsdp.yaml"), "utf8")).toMatch(
      /distributed_type: FSDP/,
    );
    expect(finished.stdout).toMatch(/Trained 1\/1 steps/);
    expect(existsSync(path.join(launched, "adapter", "adapter_config.json"))).toBe(true);
  });

  it("evaluates base and tuned side by side and stores the result", async () => {
    const reference = path.join(directory, "reference.tsv");
    writeFileSync(
      reference,
      "Fresh and tasty.\t1\nCold fries, rude staff.\t0\nLovely evening.\t1\nAwful.\t0\n",
    );
    const evaluated = await cli([
      "evaluate",
      "--train-dir",
      output,
      "--store",
      store,
      "--reference",
      reference,
      "--label-map",
      "1=positive,0=negative",
    ]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/reference reference\.tsv \(4 examples\)/);
    expect(evaluated.stdout).toMatch(/accuracy\s+\d+\.\d%\s+\d+\.\d%/);
    expect(evaluated.stdout).toMatch(/confusion of tuned/);
    const written = JSON.parse(readFileSync(path.join(output, "evaluation.json"), "utf8")) as {
      results: { model: string; dataset: string }[];
    };
    expect(written.results.map((row) => row.model)).toEqual(["base", "base", "tuned", "tuned"]);
  });
});
