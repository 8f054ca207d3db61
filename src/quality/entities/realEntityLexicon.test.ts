import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveEntitySpans } from "../../core/entities/entitySpans.js";
import { type EntityCorpusRecord, parseEntityCorpus } from "../../core/entities/parseEntityCorpus.js";
import { buildEntityLexicon, checkAgainstLexicon } from "./realEntityLexicon.js";

/** A real-corpus record from `text` and its annotated mentions (each at its first occurrence). */
function record(text: string, mentions: [string, string][]): EntityCorpusRecord {
  const gold = mentions.map(([mention, type]) => {
    const start = text.indexOf(mention);
    return { start, end: start + mention.length, type };
  });
  return { text, entities: mentions.map(([mention, type]) => ({ text: mention, type })), gold, line: 1 };
}

const corpus = [
  record("Russia and Germany agreed on Monday .", [
    ["Russia", "LOC"],
    ["Germany", "LOC"],
  ]),
  record("Talks in Russia ended .", [["Russia", "LOC"]]),
  record("Russia won 2-1 .", [["Russia", "LOC"]]),
  record("Germany said no .", [["Germany", "LOC"]]),
  record("Germany beat Spain .", [
    ["Germany", "LOC"],
    ["Spain", "LOC"],
  ]),
  // "Bank" is annotated twice as ORG but is mostly a common word: never required.
  record("Bank of Russia cut rates .", [
    ["Bank", "ORG"],
    ["Russia", "LOC"],
  ]),
  record("Bank said so .", [["Bank", "ORG"]]),
  record("The Bank was shut ; the Bank reopened ; a bank nearby .", [["Bank", "ORG"]]),
  // "Jordan" is a country and a person: no agreement, no verdict.
  record("Jordan scored .", [["Jordan", "PER"]]),
  record("Jordan and Israel met .", [
    ["Jordan", "LOC"],
    ["Israel", "LOC"],
  ]),
  record("Jordan said .", [["Jordan", "LOC"]]),
];
const lexicon = buildEntityLexicon(corpus, { minCount: 3, minShare: 0.9, wordEdges: true });

function spans(text: string, entities: { text: string; type: string }[]) {
  const resolved = resolveEntitySpans(text, entities, undefined);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.spans;
}

describe("checkAgainstLexicon", () => {
  it("keeps names the real data annotates often and nearly always under one type", () => {
    expect(lexicon.entries.get("Russia")).toEqual({
      type: "LOC",
      annotated: 4,
      typeShare: 1,
      annotatedShare: 1,
    });
    expect(lexicon.entries.get("Spain")).toBeUndefined(); // annotated once: too rare to judge by
    expect(lexicon.entries.get("Bank")).toMatchObject({ annotated: 3, annotatedShare: 0.75 });
    expect(lexicon.entries.get("Jordan")?.typeShare).toBeCloseTo(2 / 3);
  });

  it("rejects a name typed otherwise than the real data types it", () => {
    const text = "Russia and the EU clashed over trade .";
    const found = checkAgainstLexicon(text, spans(text, [{ text: "Russia", type: "ORG" }]), lexicon);
    expect(found?.reason).toBe("entity-type-real");
    expect(found?.message).toBe('"Russia" is listed as ORG; the real annotations type it LOC (100% of 4)');
  });

  it("rejects a name the real data always marks that the record leaves out, as a whole word only", () => {
    const text = "Talks between Germany and Russia's envoy ended .";
    const found = checkAgainstLexicon(text, spans(text, [{ text: "Russia", type: "LOC" }]), lexicon);
    expect(found).toMatchObject({
      reason: "entity-missed-real",
      details: { text: "Germany", realType: "LOC" },
    });
    // Inside a longer word it is not the name; inside a listed span it is covered.
    const other = "Germanys and the Bank of Russia .";
    expect(
      checkAgainstLexicon(other, spans(other, [{ text: "Bank of Russia", type: "ORG" }]), lexicon),
    ).toBeUndefined();
  });

  it("passes names without agreement and common words the real data only sometimes marks", () => {
    const text = "Jordan went to the bank , then the Bank , in Israel .";
    expect(
      checkAgainstLexicon(text, spans(text, [{ text: "Jordan", type: "ORG" }]), lexicon),
    ).toBeUndefined();
  });

  it("finds Chinese names without word edges", () => {
    const chinese = [
      record("北京的天气", [["北京", "address"]]),
      record("他在北京工作", [["北京", "address"]]),
      record("北京大学很好", [["北京", "address"]]),
    ];
    const zh = buildEntityLexicon(chinese, { minCount: 3, minShare: 0.9, wordEdges: false });
    expect(checkAgainstLexicon("我住北京朝阳", [], zh)).toMatchObject({ reason: "entity-missed-real" });
  });
});

const train = fileURLToPath(new URL("../../../../shared/data/conll2003_train.txt", import.meta.url));
const dev = fileURLToPath(new URL("../../../../shared/data/conll2003_dev.txt", import.meta.url));

describe.runIf(existsSync(train) && existsSync(dev))("on real CoNLL-2003 annotations", () => {
  it("rejects at most 2% of the dev set's sentences when built from the train set", () => {
    const real = buildEntityLexicon(parseEntityCorpus(readFileSync(train, "utf8"), "conll", train), {
      minCount: 3,
      minShare: 0.9,
      wordEdges: true,
    });
    const sentences = parseEntityCorpus(readFileSync(dev, "utf8"), "conll", dev);
    const rejected = sentences.filter(
      (sentence) =>
        checkAgainstLexicon(
          sentence.text,
          sentence.gold.map((span) => ({ ...span, text: sentence.text.slice(span.start, span.end) })),
          real,
        ) !== undefined,
    );
    expect(sentences.length).toBeGreaterThan(3000);
    expect(rejected.length / sentences.length).toBeLessThanOrEqual(0.02);
  });
});
