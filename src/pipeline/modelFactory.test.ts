import { describe, expect, it } from "vitest";
import { configFromEnvironment } from "../core/config.js";
import { modelSchema } from "../core/recipe/modelSchema.js";
import { createFakeModel } from "../providers/fake/createFakeModel.js";
import { createModels, modelSettingsFor, sameModel } from "./modelFactory.js";

const base = modelSchema.parse({ name: "teacher.gguf", adapter: "teacher-lora.gguf", contextSize: 2048 });

describe("modelSettingsFor", () => {
  it("takes a name over the base model's settings and drops the base model's adapter", () => {
    const judge = modelSettingsFor(base, "judge.gguf");
    expect(judge).toMatchObject({ name: "judge.gguf", contextSize: 2048 });
    expect(judge.adapter).toBeUndefined();
    expect(sameModel(judge, base)).toBe(false);
  });

  it("lays a partial model section over the base, and knows the same model named again", () => {
    const again = modelSettingsFor(base, { contextSize: 4096 });
    expect(again).toMatchObject({ name: "teacher.gguf", adapter: "teacher-lora.gguf", contextSize: 4096 });
    expect(sameModel(again, base)).toBe(true);
  });
});

describe("createModels", () => {
  it("makes each model with the factory and disposes of every one, last made first", async () => {
    const disposed: string[] = [];
    const models = createModels({
      config: configFromEnvironment({}),
      events: () => {},
      createModel: async (settings) => {
        const model = createFakeModel({
          respond: () => ({}),
          identity: { provider: "fake", id: settings.name },
        });
        return { ...model, dispose: async () => void disposed.push(settings.name) };
      },
    });
    expect((await models.make(base)).identity.id).toBe("teacher.gguf");
    await models.make(modelSettingsFor(base, "judge.gguf"));
    await models.dispose();
    await models.dispose();
    expect(disposed).toEqual(["judge.gguf", "teacher.gguf"]);
  });
});
