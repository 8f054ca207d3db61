// Records per second through the OpenAI-compatible provider against `synthforge serve` (in
// process), at client concurrency 1, 4 and 16, next to the named baseline: the embedded
// provider called directly, on the same loaded model (same parallel sequences, same prompts,
// seeds, schema and sampling), in the same run. The ratio is HTTP / embedded per concurrency.
//
//   npm run bench:provider            (BENCH_RECORDS=n records per cell [16], BENCH_PARALLEL=p sequences [4])
import { configFromEnvironment } from "../../src/core/config.js";
import { ignoreEvents } from "../../src/core/events.js";
import { modelSchema } from "../../src/core/recipe/modelSchema.js";
import { createLanguageModel } from "../../src/providers/createLanguageModel.js";
import type { GenerateRequest, LanguageModel } from "../../src/providers/LanguageModel.js";
import { createOpenAICompatibleModel } from "../../src/providers/openai-compatible/createOpenAICompatibleModel.js";
import { isStreamingModel } from "../../src/providers/StreamingModel.js";
import { startServer } from "../../src/serve/startServer.js";
import { keepResults } from "../keepResults.js";

keepResults(import.meta.url);

const records = Number(process.env.BENCH_RECORDS ?? 16);
const parallel = Number(process.env.BENCH_PARALLEL ?? 4);
const concurrencies = [1, 4, 16];

const schema = {
  type: "object",
  properties: {
    text: { type: "string", minLength: 10, maxLength: 100 },
    label: { type: "string", enum: ["positive", "negative"] },
  },
  required: ["text", "label"],
  additionalProperties: false,
};
const labels = ["positive", "negative"];
const domains = ["kettle", "desk lamp", "noodle shop", "hotel", "phone case", "bakery", "bicycle", "museum"];
const requestFor = (index: number): GenerateRequest => ({
  messages: [
    { role: "system", content: "You write short reviews as JSON." },
    {
      role: "user",
      content: `Write a ${labels[index % 2]} review of a ${domains[index % domains.length]} in one short sentence (under 100 characters).`,
    },
  ],
  schema,
  sampling: { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 64, seed: 1000 + index },
});

interface Cell {
  seconds: number;
  outputTokens: number;
  parsed: number;
}

/** Generates `records` records with `concurrency` calls in flight. */
async function measure(model: LanguageModel, concurrency: number): Promise<Cell> {
  let next = 0;
  let outputTokens = 0;
  let parsed = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < records) {
      const index = next;
      next += 1;
      const result = await model.generate(requestFor(index));
      outputTokens += result.usage.outputTokens;
      if (result.json !== undefined) parsed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, records) }, lane));
  return { seconds: (performance.now() - started) / 1000, outputTokens, parsed };
}

const embedded = await createLanguageModel(modelSchema.parse({ provider: "embedded", parallel }), {
  config: configFromEnvironment(),
  events: ignoreEvents,
});
if (!isStreamingModel(embedded)) throw new Error("the embedded model should decode token by token");
const server = await startServer({ model: embedded, port: 0, host: "127.0.0.1" });
try {
  await measure(embedded, parallel); // warm-up: first decode, grammar compilation
  console.log(
    `bench/provider: ${embedded.identity.id}, ${parallel} parallel sequences, ${records} records per cell, maxTokens 64, node ${process.version}`,
  );
  console.log("concurrency  embedded rec/s  (tok/s)   http rec/s  (tok/s)   ratio http/embedded");
  for (const concurrency of concurrencies) {
    const direct = await measure(embedded, concurrency);
    const client = createOpenAICompatibleModel({
      baseUrl: server.url,
      model: embedded.identity.id,
      parallel: concurrency,
    });
    const viaHttp = await measure(client, concurrency);
    const rate = (cell: Cell) => records / cell.seconds;
    console.log(
      `${String(concurrency).padStart(11)}  ${rate(direct).toFixed(2).padStart(14)}  (${(direct.outputTokens / direct.seconds).toFixed(0).padStart(5)})  ${rate(viaHttp).toFixed(2).padStart(10)}  (${(viaHttp.outputTokens / viaHttp.seconds).toFixed(0).padStart(5)})   ${(rate(viaHttp) / rate(direct)).toFixed(3)}` +
        `   [parsed ${direct.parsed}/${records} vs ${viaHttp.parsed}/${records}]`,
    );
  }
} finally {
  await server.close();
  await embedded.dispose();
}
