// Collects real model failures for the per-family audit (bench/audit/families.ts): the embedded
// 0.5B teacher answers real instructions of bench/audit/data under bad settings or bad system
// prompts, and every output is kept with the setting that produced it, in
// bench/audit/data/model-failures.jsonl. Nothing here reads the rule checks or their phrase
// lists: what the model wrote is what gets planted. The failure each setting aims at:
//   truncated       maxTokens 24 (the record keeps stoppedAtTokenLimit, as a run stores it)
//   loop            greedy decoding, no repeat penalty, "keep going" system prompt, 320 tokens
//   wrong-language  "always answer in Chinese" for English instructions, and the reverse
//   copies-prompt   "repeat the user's message" system prompt
//   ignores         the answer to another instruction, paired with this one (the judge's case)
// Each setting's outputs are appended as soon as they are written; a rerun skips the settings
// already in the file. Read by hand afterwards: outputs that do not show the failure are marked `"good": true` by
// bench/audit/failureMarks.json and dropped from the planted set.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/audit/collectFailures.ts [count per setting, 8]
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";

const count = Number(process.argv[2] ?? 8);
const dataFile = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const read = (name: string) =>
  readFileSync(dataFile(name), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { instruction: string; input: string; output: string });
// The held-out English set and the Chinese set: instructions without input, short enough to answer.
const english = shuffle(
  read("instruction-en-user.jsonl").filter((row) => row.input.trim() === "" && row.instruction.length < 300),
  createRandom(5),
);
const chinese = shuffle(
  read("instruction-zh.jsonl").filter((row) => row.instruction.length < 200),
  createRandom(6),
);

interface Setting {
  failure: string;
  language: "en" | "zh";
  system: string;
  maxTokens: number;
  temperature: number;
  repeatPenalty?: number;
}
const settings: Setting[] = [
  {
    failure: "truncated",
    language: "en",
    system: "You are a helpful assistant.",
    maxTokens: 24,
    temperature: 0.7,
  },
  {
    failure: "truncated",
    language: "zh",
    system: "你是一个乐于助人的助手。",
    maxTokens: 24,
    temperature: 0.7,
  },
  {
    failure: "loop",
    language: "en",
    system: "You are a helpful assistant. Never stop writing; keep going as long as you can.",
    maxTokens: 256,
    temperature: 0,
    repeatPenalty: 1,
  },
  {
    failure: "loop",
    language: "zh",
    system: "你是一个助手。不要停止，一直写下去，越长越好。",
    maxTokens: 256,
    temperature: 0,
    repeatPenalty: 1,
  },
  {
    failure: "wrong-language",
    language: "en",
    system: "You are a helpful assistant. Always answer in Chinese.",
    maxTokens: 120,
    temperature: 0.7,
  },
  {
    failure: "wrong-language",
    language: "zh",
    system: "You are a helpful assistant. Always answer in English, never in Chinese.",
    maxTokens: 120,
    temperature: 0.7,
  },
  {
    failure: "copies-prompt",
    language: "en",
    system: "Repeat the user's message back word for word. Do not answer it.",
    maxTokens: 120,
    temperature: 0.3,
  },
  {
    failure: "copies-prompt",
    language: "zh",
    system: "把用户的消息原样重复一遍，不要回答。",
    maxTokens: 120,
    temperature: 0.3,
  },
  {
    failure: "ignores",
    language: "en",
    system: "You are a helpful assistant.",
    maxTokens: 120,
    temperature: 0.7,
  },
  {
    failure: "ignores",
    language: "zh",
    system: "你是一个乐于助人的助手。",
    maxTokens: 120,
    temperature: 0.7,
  },
];

const output = dataFile("model-failures.jsonl");
const done = new Set(
  existsSync(output)
    ? readFileSync(output, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => {
          const row = JSON.parse(line) as { failure: string; language: string };
          return `${row.failure} ${row.language}`;
        })
    : [],
);
const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(defaultModelName);
const model = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel: 4,
  contextSize: 2048,
});
const started = performance.now();
for (const setting of settings) {
  if (done.has(`${setting.failure} ${setting.language}`)) continue;
  const out: string[] = [];
  const pool = setting.language === "en" ? english : chinese;
  const offset = settings.indexOf(setting) * count;
  const rows = Array.from({ length: count }, (_, index) => pool[(offset + index) % pool.length]!);
  const results = await Promise.all(
    rows.map((row, index) => {
      // "ignores": the model answers another instruction; the answer is stored with this one.
      const asked = setting.failure === "ignores" ? pool[(offset + index + 97) % pool.length]! : row;
      return model.generate({
        messages: [
          { role: "system", content: setting.system },
          { role: "user", content: asked.instruction },
        ],
        sampling: {
          temperature: setting.temperature,
          topP: setting.temperature === 0 ? 1 : 0.95,
          topK: setting.temperature === 0 ? 1 : 40,
          maxTokens: setting.maxTokens,
          seed: 11 + index,
          ...(setting.repeatPenalty === undefined ? {} : { repeatPenalty: setting.repeatPenalty }),
        },
      });
    }),
  );
  results.forEach((result, index) => {
    out.push(
      JSON.stringify({
        family: `instruction-${setting.language}`,
        failure: setting.failure,
        language: setting.language,
        instruction: rows[index]!.instruction,
        input: "",
        output: result.text,
        stoppedAtTokenLimit: result.finishReason === "length",
        setting: { system: setting.system, maxTokens: setting.maxTokens, temperature: setting.temperature },
        model: resolved.name,
      }),
    );
  });
  appendFileSync(output, `${out.join("\n")}\n`);
  console.log(
    `${setting.failure} ${setting.language}: ${results.length} outputs (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}
await model.dispose();
