// Image recipes with the real worker: procedural images drawn from seeded ranges, stored with
// their parameters, exported as class folders with a labels CSV; a stopped run resumes without
// redrawing or duplicating; the same seed draws the same bytes; the student (EfficientNet-Lite0
// from the pinned ImageNet wheel) trains on the export and is evaluated on real NEU images.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { CancelledError } from "../../src/core/errors/CancelledError.js";
import type { WorkerError } from "../../src/core/errors/WorkerError.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runImageRecipe } from "../../src/pipeline/images/runImageRecipe.js";
import { trainImageRecipe } from "../../src/pipeline/images/trainImageRecipe.js";
import { runIdFor } from "../../src/pipeline/run/runIdFor.js";
import { openStore } from "../../src/store/openStore.js";
import { startWorker } from "../../src/worker/startWorker.js";
import { realData } from "../fixtures/quality/realData.js";

const neu = path.join(realData().directory, "neu_det");
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-images-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const config = configFromEnvironment();

// Two NEU classes, five real images each as backgrounds; the example's sample evaluates.
const realLabels = path.join(directory, "real.csv");
writeFileSync(
  realLabels,
  [
    "file,class",
    ...readFileSync(path.join(neu, "labels.csv"), "utf8")
      .split("\n")
      .filter((line) => /,(scratches|patches)$/.test(line))
      .map((line) => `${path.join(neu, line.split(",")[0]!)},${line.split(",")[1]}`),
  ].join("\n"),
);

const recipeText = (count: number) => `
name: tiny-defects
task: image-classification
plan: { count: ${count}, seed: 1 }
export: { dir: ${path.join(directory, "out")} }
generator:
  size: 48
  seed: 3
  real: { labels: ${realLabels}, perClass: 5, backgroundShare: 0.5, cropShare: 0.5 }
  classes:
    scratches: { defect: scratches, params: { count: [1, 2] } }
    patches: { defect: patches }
  student: { epochs: 2, batchSize: 8, frozenBlocks: 8 }
  evaluate: { labels: ${realLabels}, limitPerClass: 4 }
`;

describe("image recipes on the real worker", () => {
  it("draw, store, export, resume after a stop, and train and evaluate the student", async () => {
    const loaded = parseRecipe(recipeText(16), path.join(directory, "tiny.yaml"));
    const runId = runIdFor(loaded);
    const store = openStore(path.join(directory, "store.sqlite"));
    const worker = await startWorker({ config });
    try {
      // Stopped after the first batch of 8: what was drawn stays stored.
      const controller = new AbortController();
      let seen = 0;
      const stopped = await runImageRecipe(loaded, {
        store,
        config,
        imageWorker: worker,
        imageBatchSize: 8,
        signal: controller.signal,
        events: (event) => {
          if (event.type === "record" && ++seen === 8) controller.abort();
        },
      }).catch((error: unknown) => error);
      expect(stopped).toBeInstanceOf(CancelledError);
      const first = store.listRecords(runId);
      expect(first.length).toBe(8);

      const summary = await runImageRecipe(loaded, { store, config, imageWorker: worker });
      expect(summary.accepted).toBe(16);
      const records = store.listRecords(runId, { status: "accepted" });
      expect(records).toHaveLength(16);
      // The first eight are the ones stored before the stop, not drawn again.
      for (const record of first) expect(store.getRecord(record.id)?.data?.sha256).toBe(record.data?.sha256);
      expect(new Set(records.map((record) => record.data?.sha256)).size).toBe(16);
      const record = records[0]!;
      const generator = record.data?.generator as { defect: string; defectParams: Record<string, number> };
      expect(["scratches", "patches"]).toContain(generator.defect);
      expect(typeof record.data?.seed).toBe("number");
      expect(record.provenance.sampling.seed).toBe(record.data?.seed);
      expect(record.provenance.strategy).toBe(`procedural:${generator.defect}`);
      const scratch = records.find((each) => each.data?.label === "scratches")!;
      const count = (scratch.data!.generator as { defectParams: { count: number } }).defectParams.count;
      expect([1, 2]).toContain(count);
      const backgrounds = records.map((each) => (each.data!.generator as { background: string }).background);
      expect(backgrounds.some((name) => name !== "procedural")).toBe(true);
      expect(backgrounds.some((name) => name === "procedural")).toBe(true);
      // Some procedural surfaces carry a defect cropped from a real image of their class, named
      // with the window it came from; none over a real background.
      const crops = records
        .map((each) => each.data!.generator as { background: string; crop?: { file: string; box: number[] } })
        .filter((each) => each.crop !== undefined);
      expect(crops.length).toBeGreaterThan(0);
      for (const each of crops) {
        expect(each.background).toBe("procedural");
        expect(each.crop!.file).toMatch(/^(scratches|patches)_[1-5]\.jpg$/);
        expect(each.crop!.box).toHaveLength(4);
      }

      // A third run draws nothing.
      const stored = store.listRecords(runId).length;
      const again = await runImageRecipe(loaded, { store, config, imageWorker: worker });
      expect(again.accepted).toBe(16);
      expect(store.listRecords(runId)).toHaveLength(stored);

      // The export: class folders, a labels CSV naming every file, provenance and a report.
      const out = path.join(directory, "out");
      expect(readdirSync(path.join(out, "images")).sort()).toEqual(["patches", "scratches"]);
      const rows = readFileSync(path.join(out, "labels.csv"), "utf8").trim().split("\n");
      expect(rows[0]).toBe("file,class,sha256,seed");
      expect(rows).toHaveLength(17);
      for (const row of rows.slice(1)) expect(existsSync(path.join(out, row.split(",")[0]!))).toBe(true);
      const png = readFileSync(path.join(out, rows[1]!.split(",")[0]!));
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(readFileSync(path.join(out, "provenance.jsonl"), "utf8").trim().split("\n")).toHaveLength(16);
      const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
      expect(report.perClass).toEqual({ scratches: 8, patches: 8 });
      expect(report.thumbnails.scratches).toHaveLength(6);
      expect(report.realCropShare).toBeCloseTo(crops.length / 16, 6);

      // The same seed and ranges draw the same bytes in another store.
      const other = openStore(path.join(directory, "other.sqlite"));
      try {
        await runImageRecipe(loaded, { store: other, config, imageWorker: worker, skipExport: true });
        const sums = new Map(records.map((each) => [each.id, each.data?.sha256]));
        for (const each of other.listRecords(runId)) expect(each.data?.sha256).toBe(sums.get(each.id));
      } finally {
        other.close();
      }

      // A bad background file is one sentence from the worker, naming it.
      const failure = await worker
        .request("render-images", {
          size: 32,
          items: [
            {
              id: "x",
              label: "a",
              seed: 1,
              surface: "rolled-steel",
              defect: "spots",
              realBackgroundShare: 1,
            },
          ],
          backgrounds: { a: [path.join(directory, "missing.jpg")] },
        })
        .catch((error: unknown) => error);
      expect((failure as WorkerError).kind).toBe("invalid-data");
      expect((failure as WorkerError).message).toContain(
        "missing.jpg: real background image of class a does not exist",
      );
    } finally {
      await worker.close();
    }

    const printed = await trainImageRecipe(loaded, { config, store, runId });
    store.close();
    expect(printed).toContain(
      "Image student (efficientnet-lite0, ImageNet weights): 26 images (10 of them real), 2 epochs",
    );
    expect(printed).toMatch(/On real images: accuracy \d+\.\d% on 8 images/);
    expect(printed).toMatch(/adversarial ROC AUC \d\.\d{3}/);
    const report = JSON.parse(readFileSync(path.join(directory, "out", "report.json"), "utf8"));
    const named = (name: string) =>
      report.evaluations.find((entry: { name: string }) => entry.name === name)?.value;
    const evaluation = named("image-student on real images");
    expect(named("generated against real images").auc).toBeGreaterThanOrEqual(0);
    expect(report.cost.training.jobs).toBe(1);
    expect(report.cost.generation.cpuSeconds).toBeGreaterThan(0);
    expect(evaluation.examples).toBe(8);
    expect(evaluation.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(8);
    expect(evaluation.imagesPerSecond.batch1).toBeGreaterThan(0);
    expect(existsSync(path.join(directory, "out", "train", "student", "model.pt"))).toBe(true);
  }, 600_000);
});
