// chrF in TypeScript (src/quality/translation/chrf.ts) against sacrebleu, the reference
// implementation, in the worker's own environment: sentence and corpus scores of chrF and
// chrF++ agree to 1e-6 on real WMT19 zh-en pairs (English and Chinese hypotheses: a shifted
// neighbour, the reference itself, a half, the reference reversed) and on edge cases (empty
// strings, Python-only whitespace, punctuation at word edges, emoji outside the BMP, case).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { type ChrfOptions, chrfScore, sentenceChrf } from "../../src/quality/translation/chrf.js";
import { ensureWorkerEnvironment } from "../../src/worker/ensureWorkerEnvironment.js";

const data = new URL("../../../shared/data/", import.meta.url);
const zhFile = fileURLToPath(new URL("wmt_zhen_dev.zh", data));
const enFile = fileURLToPath(new URL("wmt_zhen_dev.en", data));
const onRealData = existsSync(zhFile) && existsSync(enFile);

function pairs(): [string, string][] {
  const edge: [string, string][] = [
    ["", ""],
    ["", "nothing here"],
    ["something", ""],
    ["a", "a"],
    ["(hi) there, friend.", "hi there friend"],
    ["The cat\u3000sat\u00a0on\x1cthe mat\u2009.", "The cat sat on the mat."],
    ["Hello 👋🏽 world 🌍!", "Hello world 🌍"],
    ["UPPER lower MiXeD", "upper LOWER mixed"],
    ["今天天气很好", "今天的天气不错"],
    ["他说：“好！”", "他说“好”"],
  ];
  if (!onRealData) return edge;
  const zh = readFileSync(zhFile, "utf8").split("\n").slice(0, 60);
  const en = readFileSync(enFile, "utf8").split("\n").slice(0, 60);
  const real: [string, string][] = [];
  for (let index = 0; index < 59; index += 1) {
    real.push([en[index + 1]!, en[index]!]);
    real.push([zh[index + 1]!, zh[index]!]);
    real.push([en[index]!.split(" ").slice(0, 6).join(" "), en[index]!]);
    real.push([zh[index]!.slice(0, 10), zh[index]!]);
    real.push([en[index]!.split(" ").reverse().join(" "), en[index]!]);
  }
  return [...edge, ...real];
}

const variants: Record<string, ChrfOptions> = {
  chrF: {},
  "chrF++": { wordOrder: 2 },
  lowercase: { lowercase: true },
  whitespace: { whitespace: true },
  eps: { epsSmoothing: true, wordOrder: 2 },
  beta1: { beta: 1, charOrder: 4 },
};

const script = `
import json, sys
from sacrebleu.metrics import CHRF
job = json.load(sys.stdin)
out = {}
for name, o in job["variants"].items():
    m = CHRF(char_order=o.get("charOrder", 6), word_order=o.get("wordOrder", 0), beta=o.get("beta", 2),
             lowercase=o.get("lowercase", False), whitespace=o.get("whitespace", False),
             eps_smoothing=o.get("epsSmoothing", False))
    hyps = [h for h, _ in job["pairs"]]
    refs = [r for _, r in job["pairs"]]
    out[name] = {
        "sentences": [m.sentence_score(h, [r]).score for h, r in job["pairs"]],
        "corpus": m.corpus_score(hyps, [refs]).score,
    }
json.dump(out, sys.stdout)
`;

describe(`chrF against sacrebleu${onRealData ? "" : " (edge cases only: ../shared/data/wmt_zhen_dev.* not here)"}`, () => {
  it("matches sacrebleu's sentence and corpus scores to 1e-6 in every variant", async () => {
    const environment = await ensureWorkerEnvironment({ config: configFromEnvironment() });
    const cases = pairs();
    const reference = JSON.parse(
      execFileSync(environment.python, ["-c", script], {
        input: JSON.stringify({ pairs: cases, variants }),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      }),
    ) as Record<string, { sentences: number[]; corpus: number }>;
    let compared = 0;
    for (const [name, options] of Object.entries(variants)) {
      const expected = reference[name]!;
      cases.forEach(([hypothesis, ref], index) => {
        const ours = sentenceChrf(hypothesis, ref, options);
        if (Math.abs(ours - expected.sentences[index]!) > 1e-6) {
          throw new Error(
            `${name}, pair ${index} (${JSON.stringify(hypothesis)} vs ${JSON.stringify(ref)}): ours ${ours}, sacrebleu ${expected.sentences[index]}`,
          );
        }
        compared += 1;
      });
      const corpus = chrfScore(
        cases.map(([hypothesis]) => hypothesis),
        cases.map(([, ref]) => ref),
        options,
      );
      expect(Math.abs(corpus - expected.corpus)).toBeLessThanOrEqual(1e-6);
    }
    expect(compared).toBe(cases.length * Object.keys(variants).length);
    // The scores are not all alike: the comparison covers low and high values.
    const spread = reference.chrF!.sentences;
    expect(Math.min(...spread)).toBe(0);
    expect(Math.max(...spread)).toBe(100);
  });
});
