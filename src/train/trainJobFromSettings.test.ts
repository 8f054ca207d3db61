import { describe, expect, it } from "vitest";
import { trainSchema } from "../core/recipe/trainSchema.js";
import { trainJobSchema } from "../worker/protocol.js";
import { trainJobFromSettings } from "./trainJobFromSettings.js";

/** Inputs besides the settings, the same for every job here. */
const jobInputs = {
  baseModel: "m",
  stages: [{ name: "train", data: "/d.jsonl" }],
  output: "/o",
  textField: "text",
  labelField: "label",
  controlFields: [],
  modelCacheDir: "/c",
};

describe("trainJobFromSettings", () => {
  it("turns recipe settings into a job the protocol accepts, with the trainer's defaults", () => {
    const job = trainJobSchema.parse(
      trainJobFromSettings(trainSchema.parse({ lora: { rank: 4 }, controlTokens: true }), {
        baseModel: "/models/m.gguf",
        stages: [{ name: "train", data: "/data/train.jsonl" }],
        output: "/out",
        textField: "text",
        labelField: "label",
        labels: ["negative", "positive"],
        controlFields: ["domain"],
        modelCacheDir: "/cache",
      }),
    );
    expect(job).toMatchObject({
      method: "lora",
      loraRank: 4,
      learningRate: 5e-4,
      minLearningRate: 1e-6,
      gradientAccumulation: 2,
      ema: 0.999,
      controlFields: ["domain"],
      stages: [{ name: "train", data: "/data/train.jsonl", epochs: null }],
      validation: null,
    });
  });

  it("takes the learning rate and accumulation of the method unless the recipe sets them", () => {
    const inputs = jobInputs;
    expect(trainJobFromSettings(trainSchema.parse({ method: "full" }), inputs)).toMatchObject({
      learningRate: 3e-5,
      gradientAccumulation: 8,
    });
    expect(trainJobFromSettings(trainSchema.parse({ method: "prefix" }), inputs)).toMatchObject({
      learningRate: 1e-2,
      gradientAccumulation: 2,
    });
    expect(
      trainJobFromSettings(
        trainSchema.parse({ method: "lora", learningRate: 1e-4, gradientAccumulation: 4 }),
        inputs,
      ),
    ).toMatchObject({ learningRate: 1e-4, gradientAccumulation: 4 });
  });

  it("trains a tagging head in full at 1e-4 for 20 epochs unless the recipe says otherwise", () => {
    const inputs = { ...jobInputs, baseModel: "all-minilm-l6-v2", labelField: "entities" };
    const tagging = trainJobFromSettings(trainSchema.parse({ task: "token-classification" }), inputs);
    expect(trainJobSchema.parse(tagging)).toMatchObject({
      task: "token-classification",
      method: "full",
      learningRate: 1e-4,
      gradientAccumulation: 1,
      epochs: 20,
    });
    // A method the recipe names keeps that method's rates; epochs stay the task's.
    expect(
      trainJobFromSettings(trainSchema.parse({ task: "token-classification", method: "lora" }), inputs),
    ).toMatchObject({ method: "lora", learningRate: 5e-4, gradientAccumulation: 2, epochs: 20 });
    expect(
      trainJobFromSettings(trainSchema.parse({ task: "token-classification", epochs: 5 }), inputs),
    ).toMatchObject({ method: "full", epochs: 5 });
    expect(trainJobFromSettings(trainSchema.parse({}), inputs)).toMatchObject({ method: "lora", epochs: 3 });
  });

  it("adds control tokens only when the recipe asks for them", () => {
    const job = trainJobFromSettings(trainSchema.parse({}), {
      baseModel: "m",
      stages: [{ name: "train", data: "d" }],
      output: "o",
      textField: "text",
      labelField: "label",
      controlFields: ["domain"],
      modelCacheDir: "c",
    });
    expect(job.controlFields).toEqual([]);
  });
});
