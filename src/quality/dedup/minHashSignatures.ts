import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createRandom } from "../../core/stats/random.js";
import { finalize } from "./shingleHashes.js";

/**
 * Parameters of the permutations, 2·k values: multipliers a_p (odd) then offsets b_p.
 * Permutation p maps a shingle hash x to a_p·x + b_p mod 2^32, the multiply-add family that
 * datasketch also uses (mod a Mersenne prime there); shingle hashes are already uniform 32-bit
 * values, which is what makes this cheap family behave as min-wise independent.
 */
export function permutationSeeds(permutations: number, seed: number): Uint32Array {
  const random = createRandom(seed);
  const parameters = new Uint32Array(permutations * 2);
  for (let p = 0; p < permutations; p += 1) parameters[p] = (Math.floor(random() * 4294967296) | 1) >>> 0;
  for (let p = 0; p < permutations; p += 1) parameters[permutations + p] = Math.floor(random() * 4294967296);
  return parameters;
}

/**
 * Fills the signatures of records [from, to): for each permutation, the minimum over the set of
 * a_p·x + b_p mod 2^32, compared as signed 32-bit integers (a fixed relabelling of the order,
 * which keeps V8 on integer registers). Self-contained: it is also the body of the worker threads.
 */
function fillSignatures(
  values: Int32Array,
  offsets: Int32Array,
  parameters: Int32Array,
  signatures: Int32Array,
  from: number,
  to: number,
): void {
  const k = parameters.length >> 1;
  for (let record = from; record < to; record += 1) {
    const start = offsets[record]!;
    const end = offsets[record + 1]!;
    const out = record * k;
    for (let p = 0; p < k; p += 1) {
      const multiplier = parameters[p]!;
      const offset = parameters[k + p]!;
      let minimum = 0x7fffffff;
      for (let index = start; index < end; index += 1) {
        const h = (Math.imul(values[index]!, multiplier) + offset) | 0;
        if (h < minimum) minimum = h;
      }
      signatures[out + p] = minimum;
    }
  }
}

const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const fillSignatures = ${fillSignatures.toString()};
const { values, offsets, parameters, signatures, from, to } = workerData;
fillSignatures(new Int32Array(values), new Int32Array(offsets), new Int32Array(parameters), new Int32Array(signatures), from, to);
parentPort.postMessage(true);
`;

/** The sets laid end to end in shared memory, with each set's start (and a final end). */
function flatten(sets: readonly Uint32Array[]): { values: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(new SharedArrayBuffer((sets.length + 1) * 4));
  let total = 0;
  sets.forEach((set, index) => {
    offsets[index] = total;
    total += set.length;
  });
  offsets[sets.length] = total;
  const values = new Int32Array(new SharedArrayBuffer(Math.max(4, total * 4)));
  sets.forEach((set, index) => {
    values.set(new Int32Array(set.buffer, set.byteOffset, set.length), offsets[index]!);
  });
  return { values, offsets };
}

/**
 * MinHash signatures of many shingle sets (each a list of 32-bit shingle hashes), laid out
 * record-major in one typed array: the signature of record i is [i·k, (i+1)·k). An empty set
 * gets all 0x7fffffff. Large inputs are split over worker threads (one per core, at most 4).
 */
export async function minHashSignatures(
  sets: readonly Uint32Array[],
  permutations: Uint32Array,
  options: { parallelAbove?: number } = {},
): Promise<Int32Array> {
  const k = permutations.length >> 1;
  const { values, offsets } = flatten(sets);
  const parameters = new Int32Array(new SharedArrayBuffer(Math.max(4, permutations.length * 4)));
  parameters.set(new Int32Array(permutations.buffer, permutations.byteOffset, permutations.length));
  const signatures = new Int32Array(new SharedArrayBuffer(Math.max(4, sets.length * k * 4)));
  const threads = Math.min(4, availableParallelism());
  if (sets.length < (options.parallelAbove ?? 20_000) || threads < 2) {
    fillSignatures(values, offsets, parameters, signatures, 0, sets.length);
    return signatures.subarray(0, sets.length * k);
  }
  const size = Math.ceil(sets.length / threads);
  await Promise.all(
    Array.from(
      { length: threads },
      (_, thread) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerSource, {
            eval: true,
            workerData: {
              values: values.buffer,
              offsets: offsets.buffer,
              parameters: parameters.buffer,
              signatures: signatures.buffer,
              from: Math.min(sets.length, thread * size),
              to: Math.min(sets.length, (thread + 1) * size),
            },
          });
          worker.once("message", () => {
            resolve();
            void worker.terminate();
          });
          worker.once("error", reject);
        }),
    ),
  );
  return signatures.subarray(0, sets.length * k);
}

/**
 * One key per (band, record): the band's rows hashed to 30 bits, small enough for V8 to keep
 * as an integer map key. Two different band contents share a key with probability 2^-30, which
 * only adds a candidate pair that the exact Jaccard check then rejects. Returns `bands` arrays
 * of `records` keys.
 */
export function bandKeys(
  signatures: Int32Array,
  records: number,
  permutations: number,
  bands: number,
  rows: number,
): Int32Array[] {
  const keys: Int32Array[] = [];
  for (let band = 0; band < bands; band += 1) {
    const column = new Int32Array(records);
    for (let record = 0; record < records; record += 1) {
      let h = 0x9e3779b9 ^ Math.imul(band + 1, 0x27d4eb2f);
      const offset = record * permutations + band * rows;
      for (let row = 0; row < rows; row += 1)
        h = finalize(Math.imul(h, 31) ^ signatures[offset + row]!) >>> 0;
      column[record] = h >>> 2;
    }
    keys.push(column);
  }
  return keys;
}
