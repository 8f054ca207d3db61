import { createFakeModel } from "../../src/providers/fake/createFakeModel.js";
import type { LanguageModel } from "../../src/providers/LanguageModel.js";
export async function loadDefaultModel(
  _options: { parallel?: number; adapter?: string } = {},
): Promise<LanguageModel> {
  return createFakeModel({
    respond: (request) => ({
      text: `review seed ${request.sampling.seed}`,
      label: request.messages.at(-1)!.content.includes("positive") ? "positive" : "negative",
    }),
    parallelism: 2,
    identity: { provider: "embedded", id: "smollm2-135m-instruct" },
  });
}
