import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { GateFailedError } from "../../core/errors/GateFailedError.js";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { readTable } from "../../core/fs/readTable.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { ChooseRequest, LanguageModel } from "../../providers/LanguageModel.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { type AnnotateRecipeOptions, annotateRecipe, humanLabelCheck, majority } from "./annotateRecipe.js";
import { prepareAnnotation } from "./prepareAnnotation.js";

let directory: string;
let store: SqliteStore;
const config = configFromEnvironment({});

/** Annotates in the test's folder and store with the gates off; `options` adds the model and the rest. */
function annotateHere(
  loaded: Parameters<typeof annotateRecipe>[0],
  prepared: AnnotateRecipeOptions["prepared"],
  options: Partial<AnnotateRecipeOptions> = {},
) {
  return annotateRecipe(loaded, { store, prepared, config, cwd: directory, enforceGates: false, ...options });
}

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-annotate-"));
  store = openStore(path.join(directory, "store.sqlite"));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, content: string): void {
  writeFileSync(path.join(directory, name), content);
}

function loadRecipe(extra = "", file = "reviews.csv") {
  return parseRecipe(
    `
name: demo
description: Reviews labelled by sentiment.
input: { file: ${file} }
output:
  schema:
    type: object
    properties:
      label: { type: string, enum: [positive, negative, mixed] }
    required: [label]
  labelField: label
export: { formats: [jsonl, csv] }
${extra}
`,
    path.join(directory, "demo.yaml"),
  );
}

/** A model whose `choose` votes from the text: "split" texts get three different labels, "bad" texts negative. */
function votingModel(parallelism = 2) {
  const seen: string[] = [];
  const base = createFakeModel({ respond: () => ({}), parallelism });
  const model: LanguageModel & { seen: string[] } = {
    identity: { provider: "fake", id: "voter" },
    parallelism,
    generate: base.generate,
    dispose: base.dispose,
    seen,
    async choose(request: ChooseRequest) {
      const text = request.messages.at(-1)!.content;
      seen.push(text);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const picks = text.includes("split")
        ? ["positive", "negative", "mixed"]
        : text.includes("bad")
          ? request.seeds.map(() => "negative")
          : request.seeds.map(() => "positive");
      return {
        picks,
        probabilities: { positive: 0.5, negative: 0.3, mixed: 0.2 },
        usage: { inputTokens: 10, outputTokens: 0 },
      };
    },
  };
  return model;
}

const csv =
  "id,text,source\nr1,a good meal,web\nr2,a bad meal,app\nr3,a split verdict,web\nr4,bad service,app\nr5,nice view,web\n";

describe("annotateRecipe", () => {
  it("labels every row in input order, keeps the user's columns, and sends split votes to disputed", async () => {
    write("reviews.csv", csv);
    const loaded = loadRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    const model = votingModel();
    const summary = await annotateHere(loaded, prepared, { model });
    expect(summary.statistics).toMatchObject({ rows: 5, confirmed: 4, disputed: 1, failed: 0 });
    expect(summary.annotatedNow).toBe(5);
    const annotated = readFileSync(path.join(directory, "out/demo/annotated.csv"), "utf8");
    expect(annotated).toBe(
      [
        "id,text,source,label,annotation_status,annotation_votes",
        "r1,a good meal,web,positive,confirmed,positive|positive|positive",
        "r2,a bad meal,app,negative,confirmed,negative|negative|negative",
        "r3,a split verdict,web,positive,disputed,positive|negative|mixed",
        "r4,bad service,app,negative,confirmed,negative|negative|negative",
        "r5,nice view,web,positive,confirmed,positive|positive|positive",
        "",
      ].join("\n"),
    );
    const jsonl = readFileSync(path.join(directory, "out/demo/data.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(jsonl[2]!)).toEqual({
      id: "r3",
      text: "a split verdict",
      source: "web",
      label: "positive",
      annotation_status: "disputed",
      annotation_votes: "positive|negative|mixed",
    });
    const report = JSON.parse(readFileSync(path.join(directory, "out/demo/annotation-report.json"), "utf8"));
    expect(report.disputed).toEqual([
      { line: 4, text: "a split verdict", label: "positive", votes: ["positive", "negative", "mixed"] },
    ]);
    expect(report.statistics.kappa.kappa).toBeGreaterThan(0);
    // Every record carries its provenance: the prompt as sent and the model.
    const records = store.listRecords(summary.runId);
    expect(records).toHaveLength(5);
    expect(records[0]!.provenance.messages.at(-1)!.content).toContain("Which label does this text have");
    expect(records[0]!.provenance.model.id).toBe("voter");
  });

  it("with judge.minimumProbability, disputes a row whose agreeing votes fall on an unlikely label", async () => {
    write("reviews.csv", csv);
    const loaded = loadRecipe("judge: { minimumProbability: 0.4 }");
    const prepared = await prepareAnnotation(loaded, directory);
    const summary = await annotateHere(loaded, prepared, { model: votingModel() });
    // The model gives positive 0.5 and negative 0.3: the two unanimous "negative" rows are disputed now.
    expect(summary.statistics).toMatchObject({ rows: 5, confirmed: 2, disputed: 3 });
    const records = store.listRecords(summary.runId);
    const flag = records[1]!.decisions.find((decision) => decision.decision === "flag");
    expect(flag?.reason).toBe(
      'disputed: 3 of 3 votes agree, 2 needed (negative, negative, negative), but "negative" holds probability 0.30, under judge.minimumProbability 0.4',
    );
  });

  it("continues after an interruption: the rows stored are kept and never annotated twice", async () => {
    write("reviews.csv", csv);
    const loaded = loadRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    const controller = new AbortController();
    const first = votingModel(1);
    let stored = 0;
    await expect(
      annotateRecipe(loaded, {
        store,
        prepared,
        model: first,
        config,
        cwd: directory,
        signal: controller.signal,
        events: (event) => {
          if (event.type === "task-progress" && ++stored === 2) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(store.listRecords(prepared.runId)).toHaveLength(2);
    const second = votingModel(2);
    const summary = await annotateHere(loaded, prepared, { model: second });
    expect(summary.annotatedNow).toBe(3);
    expect(second.seen).toHaveLength(3);
    const records = store.listRecords(prepared.runId);
    expect(records).toHaveLength(5);
    expect(new Set(records.map((record) => record.provenance.slotIndex))).toEqual(new Set([0, 1, 2, 3, 4]));
    // A third run has nothing left to do and needs no model.
    const third = await annotateHere(loaded, prepared, {
      createModel: () => Promise.reject(new Error("no model should load")),
    });
    expect(third.annotatedNow).toBe(0);
  });

  it("fails the confirmed-rate gate after writing the output, and a reviewer's label settles a disputed row", async () => {
    write("reviews.csv", csv);
    const loaded = loadRecipe("quality: { gates: { labelConfirmed: 0.9 } }");
    const prepared = await prepareAnnotation(loaded, directory);
    await expect(
      annotateRecipe(loaded, { store, prepared, model: votingModel(), config, cwd: directory }),
    ).rejects.toBeInstanceOf(GateFailedError);
    expect(readFileSync(path.join(directory, "out/demo/annotated.csv"), "utf8")).toContain("disputed");
    const disputed = store.listRecords(prepared.runId).find((record) => record.provenance.slotIndex === 2)!;
    store.putReviews(prepared.runId, [
      { recordId: disputed.id, verdict: "wrong", reviewedAt: new Date().toISOString() },
    ]);
    store.putDecisions(prepared.runId, [
      { recordId: disputed.id, check: humanLabelCheck, decision: "pass", details: { label: "mixed" } },
    ]);
    const summary = await annotateHere(loaded, prepared);
    expect(summary.statistics).toMatchObject({ confirmed: 4, disputed: 0, reviewed: 1 });
    expect(readFileSync(path.join(directory, "out/demo/annotated.csv"), "utf8")).toContain(
      "r3,a split verdict,web,mixed,reviewed,positive|negative|mixed",
    );
  });

  it("writes a headerless TSV back headerless, and JSONL as JSONL with the user's values", async () => {
    write("reviews.txt", "a good meal\nbad food\n");
    const loaded = loadRecipe("", "reviews.txt");
    const prepared = await prepareAnnotation(loaded, directory);
    expect(prepared.table.hasHeader).toBe(false);
    await annotateHere(loaded, prepared, { model: votingModel() });
    expect(readFileSync(path.join(directory, "out/demo/annotated.txt"), "utf8")).toBe(
      "a good meal\tpositive\tconfirmed\tpositive|positive|positive\nbad food\tnegative\tconfirmed\tnegative|negative|negative\n",
    );
    write("reviews.jsonl", '{"n": 1, "text": "bad", "tags": ["x"]}\n{"n": 2, "text": "fine"}\n');
    const jsonl = loadRecipe("", "reviews.jsonl");
    const preparedJsonl = await prepareAnnotation(jsonl, directory);
    await annotateRecipe(jsonl, {
      store,
      prepared: preparedJsonl,
      model: votingModel(),
      config,
      cwd: directory,
      outDir: "out/j",
      enforceGates: false,
    });
    const lines = readFileSync(path.join(directory, "out/j/annotated.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(lines[0]!)).toEqual({
      n: 1,
      text: "bad",
      tags: ["x"],
      label: "negative",
      annotation_status: "confirmed",
      annotation_votes: "negative|negative|negative",
    });
  });

  it("writes a JSON array back as a JSON array, each object with the added keys", async () => {
    write(
      "queries.json",
      '[\n  {"id": "s1", "text": "bad food"},\n  {"id": "s2", "text": "a good meal"}\n]\n',
    );
    const loaded = loadRecipe("", "queries.json");
    const prepared = await prepareAnnotation(loaded, directory);
    expect(prepared.table.format).toBe("json");
    await annotateRecipe(loaded, {
      store,
      prepared,
      model: votingModel(),
      config,
      cwd: directory,
      outDir: "out/a",
      enforceGates: false,
    });
    expect(JSON.parse(readFileSync(path.join(directory, "out/a/annotated.json"), "utf8"))).toEqual([
      {
        id: "s1",
        text: "bad food",
        label: "negative",
        annotation_status: "confirmed",
        annotation_votes: "negative|negative|negative",
      },
      {
        id: "s2",
        text: "a good meal",
        label: "positive",
        annotation_status: "confirmed",
        annotation_votes: "positive|positive|positive",
      },
    ]);
  });

  it("generates other outputs and confirms them by 2 of 3 checks", async () => {
    write("reviews.csv", "id,text\n1,Bonjour\n2,Merci\n");
    const loaded = parseRecipe(
      `
name: tr
task: translation
input: { file: reviews.csv }
output:
  schema:
    type: object
    properties: { translation: { type: string, minLength: 1 } }
    required: [translation]
`,
      path.join(directory, "tr.yaml"),
    );
    const prepared = await prepareAnnotation(loaded, directory);
    expect(prepared.mode).toBe("output");
    const model = createFakeModel({
      respond: (request) => {
        const text = request.messages.at(-1)!.content;
        if (text.includes("Is the translation faithful"))
          return { answer: text.includes("Thanks") ? "no" : "yes" };
        return { translation: text.startsWith("Bonjour") ? "Hello" : "Thanks" };
      },
    });
    const summary = await annotateHere(loaded, prepared, { model });
    expect(summary.statistics).toMatchObject({ confirmed: 1, disputed: 1 });
    expect(readFileSync(path.join(directory, "out/tr/annotated.csv"), "utf8")).toBe(
      "id,text,translation,annotation_status,annotation_votes\n1,Bonjour,Hello,confirmed,yes|yes|yes\n2,Merci,Thanks,disputed,no|no|no\n",
    );
  });
});

describe("prepareAnnotation", () => {
  it("names the file, line and column of a bad input before anything is stored", async () => {
    const cases: [string, RegExp][] = [
      ["id,text\n1,ok\n2,ok\n", /reviews\.csv:3: repeats line 2 in column "text"/],
      [
        "id,body\n1,ok\n",
        /reviews\.csv:1: has no column "text" \(output\.textField\); its columns are id, body/,
      ],
      ["id,text\n", /reviews\.csv:1: has a header row but no rows/],
      ["id,text,text\n1,a,b\n", /reviews\.csv:1: names the column "text" twice/],
    ];
    for (const [content, message] of cases) {
      write("reviews.csv", content);
      const error = await prepareAnnotation(loadRecipe(), directory).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputFileError);
      expect((error as Error).message).toMatch(message);
    }
    write("reviews.csv", "id,text\n1,ok\n2,ok\n");
    const keep = await prepareAnnotation(
      parseRecipe(
        `name: demo\ninput: { file: reviews.csv, duplicates: keep }\noutput:\n  schema: { type: object, properties: { label: { type: string, enum: [a, b] } } }\n  labelField: label\n`,
        path.join(directory, "demo.yaml"),
      ),
      directory,
    );
    expect(keep.table.rows).toHaveLength(2);
  });

  it("takes the majority vote, the first to reach the top count on a tie", () => {
    expect(majority(["a", "b", "b"])).toEqual({ label: "b", agreeing: 2 });
    expect(majority(["a", "b", "c"])).toEqual({ label: "a", agreeing: 1 });
  });
});

describe("annotateRecipe with several annotators (judge.models)", () => {
  it("has vote i cast by annotator i mod n, and records which model cast each", async () => {
    write("reviews.csv", "id,text\n1,good\n2,bad\n");
    const loaded = loadRecipe("judge: { models: [a.gguf, b.gguf, c.gguf], minimumAgreement: 2 }");
    const prepared = await prepareAnnotation(loaded, directory);
    const annotator = (id: string, vote: string): LanguageModel => ({
      identity: { provider: "fake", id },
      parallelism: 2,
      generate: createFakeModel({ respond: () => ({}) }).generate,
      dispose: async () => {},
      async choose(request: ChooseRequest) {
        return {
          picks: request.seeds.map(() => vote),
          probabilities: {},
          usage: { inputTokens: 1, outputTokens: 0 },
        };
      },
    });
    const summary = await annotateHere(loaded, prepared, {
      annotators: [annotator("a", "positive"), annotator("b", "negative"), annotator("c", "negative")],
    });
    expect(summary.statistics).toMatchObject({ confirmed: 2, disputed: 0 });
    const [first] = store.listRecords(summary.runId);
    expect(first!.decisions[0]!.details).toMatchObject({
      votes: ["positive", "negative", "negative"],
      models: ["a", "b", "c"],
      label: "negative",
      agreeing: 2,
    });
  });
});

describe("annotateRecipe on a model without choose (an OpenAI-compatible server)", () => {
  it("asks k calls constrained to the labels, each with its own seed", async () => {
    write("reviews.csv", "id,text\n1,good\n2,bad\n");
    const loaded = loadRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    const model = createFakeModel({
      respond: (request) => {
        // The row's text, after the question.
        const text = request.messages.at(-1)!.content.split("Text: ").at(-1)!;
        return {
          label:
            text.startsWith("bad") && request.sampling.seed % 2 === 0
              ? "negative"
              : text.startsWith("bad")
                ? "mixed"
                : "positive",
        };
      },
    });
    const summary = await annotateHere(loaded, prepared, { model });
    expect(model.requests).toHaveLength(6);
    const schema = model.requests[0]!.schema as { properties: { label: { enum: string[] } } };
    expect(schema.properties.label.enum).toEqual(["positive", "negative", "mixed"]);
    expect(new Set(model.requests.slice(0, 3).map((request) => request.sampling.seed)).size).toBe(3);
    expect(summary.statistics.confirmed + summary.statistics.disputed).toBe(2);
    const records = store
      .listRecords(summary.runId)
      .sort((a, b) => a.provenance.slotIndex - b.provenance.slotIndex);
    expect(records[0]!.data?.label).toBe("positive");
    expect(
      (records[1]!.decisions[0]!.details as { votes: string[] }).votes.every(
        (vote) => vote === "negative" || vote === "mixed",
      ),
    ).toBe(true);
  });
});

describe("annotateRecipe on Parquet", () => {
  it("writes annotated.parquet with the input's columns in order, then the added ones, rows in input order", async () => {
    writeFileSync(
      path.join(directory, "reviews.parquet"),
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: "id", data: ["r1", "r2", "r3"], type: "STRING" },
            { name: "text", data: ["a good meal", "菜太咸了 bad", "a split verdict"], type: "STRING" },
            { name: "source", data: ["web", "app", "web"], type: "STRING" },
          ],
        }),
      ),
    );
    const loaded = loadRecipe("", "reviews.parquet");
    const prepared = await prepareAnnotation(loaded, directory);
    const summary = await annotateHere(loaded, prepared, { model: votingModel() });
    expect(summary.annotatedFile).toMatch(/annotated\.parquet$/);
    const output = await readTable(path.join(directory, "out/demo/annotated.parquet"));
    expect(output.columns).toEqual([
      "id",
      "text",
      "source",
      "label",
      "annotation_status",
      "annotation_votes",
    ]);
    expect(output.rows.map((row) => row.values)).toEqual([
      {
        id: "r1",
        text: "a good meal",
        source: "web",
        label: "positive",
        annotation_status: "confirmed",
        annotation_votes: "positive|positive|positive",
      },
      {
        id: "r2",
        text: "菜太咸了 bad",
        source: "app",
        label: "negative",
        annotation_status: "confirmed",
        annotation_votes: "negative|negative|negative",
      },
      {
        id: "r3",
        text: "a split verdict",
        source: "web",
        label: "positive",
        annotation_status: "disputed",
        annotation_votes: "positive|negative|mixed",
      },
    ]);
  });
});

// Annotation of outputs runs on the generation stage (one slot runner): each of these was a
// difference between the two copies, and each test fails on the copy annotation had before.
describe("annotateRecipe of outputs, through the generation stage", () => {
  /** A summary recipe: `summary` has a maxLength, sampling and attempts are the recipe's own. */
  function summaryRecipe() {
    write("reviews.csv", "id,text\n1,The soup was cold and the waiter never came back.\n");
    return parseRecipe(
      `
name: sum
task: summarization
input: { file: reviews.csv }
generation: { temperature: 0.6, topP: 0.8, topK: 20, maxTokens: 12, repeatPenalty: 1.1, maxAttempts: 3, seed: 5 }
output:
  schema:
    type: object
    properties: { summary: { type: string, minLength: 1, maxLength: 60 } }
    required: [summary]
`,
      path.join(directory, "sum.yaml"),
    );
  }
  const isCheck = (request: { messages: { content: string }[] }) =>
    !request.messages.at(-1)!.content.includes("Annotate this input");
  /** Answers the k checks yes, and the annotation request with `answers[attempt]` (the last one after). */
  const summarizer = (answers: string[]) => {
    let attempt = 0;
    return createFakeModel({
      respond: (request) =>
        isCheck(request) ? { answer: "yes" } : answers[Math.min(attempt++, answers.length - 1)]!,
    });
  };
  const storedRecords = (runId: string) =>
    store.listRecords(runId).sort((one, other) => one.provenance.attempt - other.provenance.attempt);

  it("decodes with the decoding schema: no maxLength for the grammar to close a string mid-word", async () => {
    const loaded = summaryRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    const model = summarizer([JSON.stringify({ summary: "Cold soup, absent waiter." })]);
    await annotateHere(loaded, prepared, { model });
    const asked = model.requests.filter((request) => !isCheck(request));
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(asked[0]!.schema)).not.toContain("maxLength");
    // The real schema still holds after decoding: the length is checked on the output.
    expect(JSON.stringify(loaded.recipe.output.schema)).toContain("maxLength");
  });

  it("takes an output that used every token it may (no finish reason) as truncated, and tries again", async () => {
    const loaded = summaryRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    // Twelve words is the recipe's maxTokens: the fake reports no finish reason, as some servers do.
    const cut = '{"summary": "The soup was cold and the waiter never came back to our';
    const model = summarizer([cut, JSON.stringify({ summary: "Cold soup, absent waiter." })]);
    const summary = await annotateHere(loaded, prepared, { model });
    const [first, second] = storedRecords(prepared.runId);
    expect(first).toMatchObject({ status: "rejected", reason: "truncated" });
    expect(second).toMatchObject({ status: "accepted", data: { summary: "Cold soup, absent waiter." } });
    expect(summary.statistics).toMatchObject({ confirmed: 1 });
  });

  it("runs the rule checks: an output that leaves a template placeholder is rejected and the row tries again", async () => {
    const loaded = summaryRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    const model = summarizer([
      JSON.stringify({ summary: "[Restaurant Name] served cold soup." }),
      JSON.stringify({ summary: "Cold soup, absent waiter." }),
    ]);
    await annotateHere(loaded, prepared, { model });
    const [first, second] = storedRecords(prepared.runId);
    expect(first).toMatchObject({ status: "rejected", reason: "leak" });
    expect(first!.decisions.find((decision) => decision.check === "leak")?.reason).toMatch(/placeholder/);
    expect(second).toMatchObject({ status: "accepted" });
    expect(readFileSync(path.join(directory, "out/sum/annotated.csv"), "utf8")).toContain(
      '"Cold soup, absent waiter.",confirmed,yes|yes|yes',
    );
  });

  it("stores the sampling it really used in provenance: the recipe's topP, topK, maxTokens and repeat penalty", async () => {
    const loaded = summaryRecipe();
    const prepared = await prepareAnnotation(loaded, directory);
    const model = summarizer([JSON.stringify({ summary: "Cold soup, absent waiter." })]);
    await annotateHere(loaded, prepared, { model });
    const [record] = storedRecords(prepared.runId);
    const asked = model.requests.find((request) => !isCheck(request))!;
    expect(record!.provenance.sampling).toEqual(asked.sampling);
    expect(record!.provenance.sampling).toMatchObject({
      temperature: 0.6,
      topP: 0.8,
      topK: 20,
      maxTokens: 12,
      repeatPenalty: 1.1,
    });
  });

  it("stores a label row's real sampling: the judge's constrained calls, or the labels' distribution with choose", async () => {
    write("reviews.csv", csv);
    const loaded = loadRecipe("judge: { temperature: 0.9 }");
    const prepared = await prepareAnnotation(loaded, directory);
    const calls = createFakeModel({ respond: () => ({ label: "positive" }) });
    await annotateHere(loaded, prepared, { model: calls });
    const [record] = store.listRecords(prepared.runId);
    expect(record!.provenance.sampling).toEqual({ ...calls.requests[0]!.sampling });
    expect(record!.provenance.sampling).toMatchObject({
      temperature: 0.9,
      topP: 0.95,
      topK: 40,
      maxTokens: 16,
    });

    // With `choose` no token is generated: the votes are drawn from the three labels' probabilities.
    store.close();
    store = openStore(path.join(directory, "choose.sqlite"));
    await annotateHere(loaded, prepared, { model: votingModel() });
    const chosen = store.listRecords(prepared.runId)[0]!;
    expect(chosen.provenance.sampling).toMatchObject({ temperature: 0.9, topP: 1, topK: 3, maxTokens: 0 });
  });
});
