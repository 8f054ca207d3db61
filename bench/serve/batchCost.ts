// What one decode step costs by how many sequences share its batch, on the student's file: the
// llama.cpp side of bench/serve's figures. The streamed decodes of `serve` ask for their next
// tokens in step (createStepBarrier), so n streams decode in batches of n; the plain
// node-llama-cpp loop's batches form as its sequences happen to queue. Each size runs
// `steps` steps of one token on each of its sequences (sampled, as generation samples),
// interleaved over `rounds`; prints the median and 90th percentile per step and the median per
// token, against the batch of one.
//   npx tsx bench/serve/batchCost.ts   (BENCH_SIZES=1,2,3,4,5,6,8,16 BENCH_STEPS=60 BENCH_ROUNDS=3)
import os from "node:os";
import { loadStudent, prompts, threadPool } from "./workload.js";

const sizes = (process.env.BENCH_SIZES ?? "1,2,3,4,5,6,8,16").split(",").map(Number);
const steps = Number(process.env.BENCH_STEPS ?? 60);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const { resolved, llama, threads } = await loadStudent();
const model = await llama.loadModel({ modelPath: resolved.path });
const most = Math.max(...sizes);
const context = await model.createContext({ sequences: most, contextSize: 512, threads });
try {
  const sequences = Array.from({ length: most }, () => context.getSequence());
  // Prompts of different lengths, as a server's requests have.
  const promptOf = (index: number) =>
    model.tokenize(prompts[index % prompts.length]!.repeat(1 + (index % 3)));
  for (const [index, sequence] of sequences.entries()) await sequence.controlledEvaluate(promptOf(index));
  const token = model.tokenize(" the")[0]!;
  const stepMs = new Map<number, number[]>(sizes.map((size) => [size, []]));
  console.log(
    `batchCost: ${resolved.name}, ${threads} threads, thread pool ${threadPool}, ${steps} steps × ${rounds} rounds, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}`,
  );
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sizes : [...sizes].reverse();
    for (const size of order) {
      const batch = sequences.slice(0, size);
      for (let step = 0; step < steps; step++) {
        const start = performance.now();
        await Promise.all(
          batch.map((sequence) => sequence.controlledEvaluate([[token, { generateNext: { token: true } }]])),
        );
        stepMs.get(size)!.push(performance.now() - start);
      }
      for (const sequence of batch) {
        await sequence.eraseContextTokenRanges([
          { start: promptOf(sequences.indexOf(sequence)).length, end: sequence.nextTokenIndex },
        ]);
      }
    }
  }
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(q * (sorted.length - 1))]!;
  };
  const single = quantile(stepMs.get(sizes[0]!)!, 0.5) / sizes[0]!;
  console.log("sequences  p50 ms/step  p90 ms/step  p50 ms/token  per token vs batch of " + sizes[0]);
  for (const size of sizes) {
    const values = stepMs.get(size)!;
    const median = quantile(values, 0.5);
    console.log(
      `${String(size).padStart(9)}  ${median.toFixed(1).padStart(11)}  ${quantile(values, 0.9).toFixed(1).padStart(11)}  ${(median / size).toFixed(2).padStart(12)}  ${(median / size / single).toFixed(2).padStart(8)}`,
    );
  }
} finally {
  await context.dispose();
  await model.dispose();
}
