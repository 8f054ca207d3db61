import type { LlamaModel } from "node-llama-cpp";

/** Decode throughput of `sequences` sequences generating together, with no prompt to evaluate. */
export interface DecodeCeiling {
  sequences: number;
  /** Output tokens per second summed over the sequences. */
  tokensPerSecond: number;
}

/**
 * The machine's decode ceiling for one model: `sequences` sequences of one context each feed
 * the model a single token and then generate `tokens` tokens greedily, all in the same
 * batches, with no sampler work beyond argmax, no grammar and no chat template. Only the
 * generation is timed (the one-token prompt is evaluated first, outside the clock), so this is
 * what llama.cpp's decode loop itself can do on these cores: the bound every run sits under.
 */
export async function measureDecodeCeiling(
  model: LlamaModel,
  settings: { sequences: number; tokens: number; threads: number },
): Promise<DecodeCeiling> {
  const context = await model.createContext({
    sequences: settings.sequences,
    contextSize: settings.tokens + 64,
    threads: settings.threads,
  });
  try {
    const start = model.tokenize("The", false);
    const sequences = Array.from({ length: settings.sequences }, () => context.getSequence());
    // First token of each sequence: the prompt evaluation, kept outside the timing.
    const generators = sequences.map((sequence) => sequence.evaluate(start, { temperature: 0 }));
    await Promise.all(generators.map((generator) => generator.next()));
    let generated = 0;
    const started = performance.now();
    await Promise.all(
      generators.map(async (generator) => {
        for (let index = 1; index < settings.tokens; index += 1) {
          const next = await generator.next();
          if (next.done) break;
          generated += 1;
        }
        await generator.return();
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const sequence of sequences) sequence.dispose();
    return { sequences: settings.sequences, tokensPerSecond: generated / seconds };
  } finally {
    await context.dispose();
  }
}
