// A tagging head through the CLI as a user runs it: `synthforge train --task token-classification`
// fine-tunes the worker's offline English encoder (all-MiniLM-L6-v2) on entity records, and
// `synthforge evaluate` scores the tuned head alone (an encoder without a trained head has no
// base to compare) by entity precision, recall and F1 on records whose names it never saw;
// `synthforge serve` refuses it in one sentence.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/runCli.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-tagger-"));
const output = path.join(directory, "train");
const store = path.join(directory, "store.sqlite");

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const people = [
  ["Angela Merkel", "Boris Yeltsin", "Peter Blackburn", "Maria Santos"],
  ["Jacques Chirac", "Helmut Kohl", "Nelson Mandela", "Kofi Annan"],
];
const places = [
  ["Paris", "Moscow", "Berlin", "Lisbon"],
  ["Brussels", "Nairobi", "Madrid", "Oslo"],
];
const organisations = [
  ["Reuters", "Intel", "NATO", "Siemens"],
  ["UNICEF", "Fiat", "Nokia", "Oracle"],
];

/** Sentences naming a person, a place and an organisation of one half of the names. */
function records(half: 0 | 1, count: number) {
  return Array.from({ length: count }, (_, index) => {
    const person = people[half]![index % 4]!;
    const place = places[half]![(index + 1) % 4]!;
    const organisation = organisations[half]![(index * 3 + 2) % 4]!;
    const text = [
      `${person} flew to ${place} on Monday to meet officials of ${organisation} .`,
      `Officials of ${organisation} said ${person} would stay in ${place} .`,
      `In ${place} , ${person} told ${organisation} the talks had failed .`,
    ][index % 3]!;
    return {
      text,
      entities: [
        { text: person, type: "PER" },
        { text: place, type: "LOC" },
        { text: organisation, type: "ORG" },
      ],
    };
  });
}

const write = (name: string, rows: readonly object[]) => {
  const file = path.join(directory, name);
  writeFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
  return file;
};
const data = write("entities.jsonl", records(0, 48));
const heldOut = write("held-out.jsonl", records(1, 12));

const cli = (args: string[]) => runCli(args, { cwd: directory });

describe("a tagging head (task token-classification) through the CLI", () => {
  it("trains the encoder with the task's defaults and tags names it never saw", async () => {
    const trained = await cli([
      "train",
      "--data",
      data,
      "--validation",
      heldOut,
      "--label-field",
      "entities",
      "--task",
      "token-classification",
      "--epochs",
      "6",
      "--batch-size",
      "8",
      "--out",
      output,
      "--store",
      store,
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    const resolved = JSON.parse(readFileSync(path.join(output, "resolved_config.json"), "utf8")) as {
      config: { base_model: string; method: string; learning_rate: number; gradient_accumulation: number };
      resolved: { tags: string[] };
    };
    // The task's defaults: the whole offline English encoder at 1e-4, no accumulation.
    expect(resolved.config).toMatchObject({
      base_model: "all-minilm-l6-v2",
      method: "full",
      learning_rate: 1e-4,
      gradient_accumulation: 1,
    });
    expect(resolved.resolved.tags).toEqual(["O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER"]);

    const evaluated = await cli(["evaluate", "--train-dir", output, "--data", heldOut, "--store", store]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/held-out \(12 examples\)/);
    expect(evaluated.stdout).toMatch(/entity P\/R\/F1/);
    expect(evaluated.stdout).not.toMatch(/exact match/);
    const written = JSON.parse(readFileSync(path.join(output, "evaluation.json"), "utf8")) as {
      task: string;
      results: { model: string; metrics: { entityF1: number; entities: { gold: number } } }[];
    };
    expect(written.task).toBe("token-classification");
    expect(written.results.map((row) => row.model)).toEqual(["tuned"]);
    expect(written.results[0]!.metrics.entities.gold).toBe(36);
    expect(written.results[0]!.metrics.entityF1).toBeGreaterThan(0.8);
  });

  it("refuses to serve the head, saying why", async () => {
    const served = await cli(["serve", "--train-dir", output, "--port", "0"]);
    expect(served.code).not.toBe(0);
    expect(served.stderr).toMatch(/a tagging head \(task token-classification\) is not a chat model/);
  });
});
