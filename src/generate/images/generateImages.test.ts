// The stage's own bookkeeping (seeds, duplicates, retries, resume) with a renderer in this
// process; the worker's drawing is tested with the real worker in test/model/images.test.ts.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ignoreEvents } from "../../core/events.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { deriveSeed } from "../deriveSeed.js";
import { generateImages, type ImageRenderer } from "./generateImages.js";

let directory: string;
let store: SqliteStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-images-"));
  store = openStore(path.join(directory, "store.sqlite"));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

const { recipe } = parseRecipe(
  `
name: tiny
task: image-classification
plan: { count: 4 }
generator:
  seed: 11
  classes:
    a: { defect: spots }
    b: { defect: holes }
`,
  "tiny.yaml",
);

/** Bytes from the seed: two seeds that `collide` map to the same image. */
function renderer(
  collide: (seed: number) => number,
  calls: number[][],
  visibility: (seed: number) => number = () => 1,
): ImageRenderer {
  return async (job) => {
    calls.push(job.items.map((item) => item.seed));
    return {
      cancelled: false,
      images: job.items.map((item) => {
        const bytes = Buffer.from(`image ${collide(item.seed)}`);
        return {
          id: item.id,
          png: bytes.toString("base64"),
          sha256: createHash("sha256").update(bytes).digest("hex"),
          dhash: String(collide(item.seed)).padStart(16, "0"),
          seconds: 0.01,
          cpuSeconds: 0.01,
          visibility: visibility(item.seed),
          params: { defect: item.defect, background: "procedural" },
        };
      }),
    };
  };
}

function run(render: ImageRenderer, maxAttempts = 3, generator = recipe.generator!) {
  store.ensureRun({ id: "run", recipeName: "tiny", recipeHash: "h", recipe: {}, target: 4 });
  store.putPlan(
    "run",
    [0, 1, 2, 3].map((index) => ({ index, cell: { label: index % 2 ? "b" : "a" } })),
  );
  return generateImages(store.listSlots("run", "open"), {
    runId: "run",
    round: 1,
    store,
    generator,
    backgrounds: {},
    render,
    target: 4,
    maxAttempts,
    batchSize: 2,
    events: ignoreEvents,
  });
}

describe("generateImages", () => {
  it("draws every slot once with a seed from the generator's seed, slot and attempt", async () => {
    const calls: number[][] = [];
    const stats = await run(renderer((seed) => seed, calls));
    expect(stats).toMatchObject({ accepted: 4, rejected: 0 });
    expect(calls).toEqual([
      [deriveSeed(11, 0, 0), deriveSeed(11, 1, 0)],
      [deriveSeed(11, 2, 0), deriveSeed(11, 3, 0)],
    ]);
    const records = store.listRecords("run");
    expect(records.map((record) => record.data?.label).sort()).toEqual(["a", "a", "b", "b"]);
    expect(records.every((record) => record.provenance.sampling.seed === record.data?.seed)).toBe(true);
    // Nothing is open, so a rerun draws nothing.
    expect(store.listSlots("run", "open")).toEqual([]);
  });

  it("rejects an image equal to an accepted one and draws its slot again with the next attempt", async () => {
    const calls: number[][] = [];
    const first = deriveSeed(11, 0, 0);
    // The first attempts of slots 1 and 3 draw the images of slots 0 and 2 again.
    const same = new Map([
      [deriveSeed(11, 1, 0), first],
      [deriveSeed(11, 3, 0), deriveSeed(11, 2, 0)],
    ]);
    const stats = await run(
      renderer((seed) => same.get(seed) ?? seed, calls),
      3,
    );
    expect(stats).toMatchObject({ accepted: 4, rejected: 2 });
    const rejected = store.listRecords("run", { status: "rejected" });
    expect(rejected.map((record) => record.reason).sort()).toEqual(["duplicate", "duplicate"]);
    expect(calls.at(-1)).toEqual([deriveSeed(11, 1, 1), deriveSeed(11, 3, 1)]);
    expect(
      store
        .listRecords("run", { status: "accepted" })
        .map((record) => record.provenance.attempt)
        .sort(),
    ).toEqual([0, 0, 1, 1]);
  });

  it("draws a slot again when its defect is too faint to see on a procedural surface", async () => {
    const faint = deriveSeed(11, 2, 0);
    const stats = await run(
      renderer(
        (seed) => seed,
        [],
        (seed) => (seed === faint ? 0.5 : 1.5),
      ),
    );
    expect(stats).toMatchObject({ accepted: 4, rejected: 1 });
    const [rejected] = store.listRecords("run", { status: "rejected" });
    expect(rejected?.reason).toBe("faint-defect");
    expect(rejected?.decisions[0]?.reason).toBe("defect visibility 0.50 below 0.75");
  });

  it("asks for real defect crops in the recipe's share and does not reject a pasted real defect as faint", async () => {
    const { recipe: withCrops } = parseRecipe(
      `
name: tiny
task: image-classification
plan: { count: 4 }
generator:
  seed: 11
  real: { labels: real.csv, cropShare: 0.4, cropSize: [0.2, 0.5] }
  classes:
    a: { defect: spots }
    b: { defect: holes }
`,
      "tiny.yaml",
    );
    const jobs: Parameters<ImageRenderer>[0][] = [];
    const cropped = deriveSeed(11, 1, 0);
    const base = renderer(
      (seed) => seed,
      [],
      () => 0.1,
    );
    const stats = await run(
      async (job) => {
        jobs.push(job);
        const answer = await base(job);
        for (const [index, image] of answer.images.entries()) {
          if (job.items[index]!.seed === cropped) {
            image.params = { ...image.params, crop: { file: "b_1.jpg", box: [0, 0, 60, 60] } };
          }
        }
        return answer;
      },
      1,
      withCrops.generator!,
    );
    expect(jobs[0]!.items[0]).toMatchObject({ realCropShare: 0.4, cropSize: [0.2, 0.5] });
    // Every drawn defect is faint (visibility 0.1) and rejected; the pasted real one is kept.
    expect(stats).toMatchObject({ accepted: 1, rejected: 3 });
    const [kept] = store.listRecords("run", { status: "accepted" });
    expect((kept!.data!.generator as { crop?: { file: string } }).crop?.file).toBe("b_1.jpg");
  });

  it("marks a slot exhausted when every attempt draws a duplicate", async () => {
    const stats = await run(
      renderer(() => 7, []),
      2,
    );
    expect(stats.accepted).toBe(1);
    expect(store.listSlots("run", "exhausted")).toHaveLength(3);
  });
});
