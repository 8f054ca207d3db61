// Why bench/serve's plain loop decodes with the server's loaded weights: four contexts in one
// process, each decoding the same requests through a LlamaChat (the plain loop of run.ts), either
// over four loads of the student's file ("copies") or over one load ("one load"), the contexts
// taking turns in a rotating order. Prints each context's tokens per second and its ratio to the
// mean of the others; writes bench/serve/results/modelCopies.json.
//   npx tsx bench/serve/modelCopies.ts   (BENCH_REPEATS=r [8], BENCH_REQUESTS=q per turn [6])
import { LlamaChat, type LlamaModel } from "node-llama-cpp";
import { keepResults } from "../keepResults.js";
import { contextSize, loadStudent, plainOnIdleChat, runLanes, threadPool } from "./workload.js";

const kept = keepResults(import.meta.url);
const repeats = Number(process.env.BENCH_REPEATS ?? 8);
const requests = Number(process.env.BENCH_REQUESTS ?? 6);
const maxTokens = 64;
const { resolved, llama, threads } = await loadStudent();
const names = ["A", "B", "C", "D"];

async function measure(layout: "copies" | "one load") {
  const models: LlamaModel[] = [];
  const load = async () => {
    const model = await llama.loadModel({ modelPath: resolved.path });
    models.push(model);
    return model;
  };
  const shared = layout === "one load" ? await load() : undefined;
  const lanes: LlamaChat[][] = [];
  for (const _ of names) {
    const model = shared ?? (await load());
    const context = await model.createContext({ sequences: 1, contextSize, threads });
    lanes.push([new LlamaChat({ contextSequence: context.getSequence() })]);
  }
  const turn = async (index: number, first: number) => {
    const { tokens, seconds } = await runLanes(1, requests, first, (request) =>
      plainOnIdleChat(lanes[index]!, request, maxTokens),
    );
    return tokens / seconds;
  };
  for (const index of names.keys()) await turn(index, 10_000); // warm-up
  const rates = names.map(() => [] as number[]);
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (let step = 0; step < names.length; step++) {
      const index = (step + repeat) % names.length;
      rates[index]!.push(await turn(index, repeat * requests));
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const rows = names.map((name, index) => {
    const others = mean(rates.filter((_, other) => other !== index).map(mean));
    return {
      context: name,
      tokensPerSecond: mean(rates[index]!),
      ratioToOthers: mean(rates[index]!) / others,
    };
  });
  for (const row of rows)
    console.log(
      `${layout.padEnd(8)}  context ${row.context} (${layout === "copies" ? `load ${row.context}` : "the one load"}): ${row.tokensPerSecond.toFixed(1)} tok/s, ${row.ratioToOthers.toFixed(3)}× the others`,
    );
  for (const chats of lanes) for (const chat of chats) chat.dispose();
  for (const model of models) await model.dispose();
  return rows;
}

console.log(
  `bench/serve/modelCopies: ${resolved.name}, ${threads} threads, thread pool ${threadPool}, ${repeats} repeats × ${requests} requests of ${maxTokens} tokens per context`,
);
kept.set("copies", await measure("copies"));
kept.set("oneLoad", await measure("one load"));
