import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { afterAll, describe, expect, it } from "vitest";
import { qualitySchema } from "../core/recipe/qualitySchema.js";
import { buildQualityReport } from "../quality/buildQualityReport.js";
import type { QualityReport } from "../quality/QualityReport.js";
import { openStore } from "../store/openStore.js";
import type { ArtifactRow } from "../store/Store.js";
import type { EvaluationResult } from "../train/evaluationResultSchema.js";
import { trainingArtifact } from "../train/trainingArtifact.js";
import type { TrainResult } from "../train/trainResultSchema.js";
import { confusionChart } from "./charts/confusionChart.js";
import { lossChart } from "./charts/lossChart.js";
import type { RunReport } from "./RunReport.js";
import { refreshRunReport } from "./refreshRunReport.js";
import { renderReportHtml } from "./renderReportHtml.js";
import { summarizeTraining } from "./summarizeTraining.js";
import { withTraining } from "./withTraining.js";
import { writeReport } from "./writeReport.js";

// A two-stage training job and a classification evaluation with known numbers, written the way
// `synthforge train` and `synthforge evaluate` store them.
const trainResult: TrainResult = {
  output: "/runs/sentiment/train",
  steps: 6,
  totalSteps: 6,
  cancelled: false,
  stoppedEarly: true,
  resumedFromStep: null,
  bestValidationLoss: 0.9137,
  finalTrainLoss: 0.7421,
  tokensPerSecond: 812.4,
  seconds: 42.5,
  peakMemoryMb: 900,
  trainableParameters: 460_800,
  totalParameters: 134_975_808,
  lossCurve: [
    { step: 1, loss: 2.4817, stage: "general", learningRate: 1e-5 },
    { step: 2, loss: 2.0113, stage: "general", learningRate: 3e-5 },
    { step: 3, loss: 1.6042, validationLoss: 1.5531, stage: "general", learningRate: 2.5e-5 },
    { step: 4, loss: 1.2208, stage: "domain", learningRate: 3e-5 },
    { step: 5, loss: 0.9876, stage: "domain", learningRate: 1.6e-5 },
    { step: 6, loss: 0.7421, validationLoss: 0.9137, stage: "domain", learningRate: 1e-6 },
  ],
  labels: ["negative", "positive"],
  instruction: null,
  splits: { test: "/runs/sentiment/train/test.jsonl" },
  checkpoint: null,
};
const job = {
  baseModel: "/models/smollm2-135m-instruct.gguf",
  method: "lora" as const,
  task: "classification" as const,
  stages: [
    { name: "general", data: "/runs/general.jsonl" },
    { name: "domain", data: "/runs/domain.jsonl" },
  ],
  output: "/runs/sentiment/train",
};
const perClass = (p: number, r: number, f1: number, support: number) => ({
  precision: p,
  recall: r,
  f1,
  support,
});
const evaluation: EvaluationResult = {
  cancelled: false,
  task: "classification",
  labels: ["negative", "positive"],
  results: [
    {
      model: "base",
      dataset: "reference yelp_labelled.txt",
      metrics: {
        examples: 16,
        accuracy: 0.5625,
        macroF1: 0.5607843,
        microF1: 0.5625,
        perClass: {
          negative: perClass(0.5555556, 0.625, 0.5882353, 8),
          positive: perClass(0.5714286, 0.5, 0.5333333, 8),
        },
        confusion: {
          labels: ["negative", "positive"],
          matrix: [
            [5, 3],
            [4, 4],
          ],
        },
      },
    },
    {
      model: "tuned",
      dataset: "reference yelp_labelled.txt",
      metrics: {
        examples: 16,
        accuracy: 0.875,
        macroF1: 0.875,
        microF1: 0.875,
        perClass: { negative: perClass(0.875, 0.875, 0.875, 8), positive: perClass(0.875, 0.875, 0.875, 8) },
        confusion: {
          labels: ["negative", "positive"],
          matrix: [
            [7, 1],
            [1, 7],
          ],
        },
      },
    },
  ],
};
const generation: EvaluationResult = {
  cancelled: false,
  task: "sft",
  labels: null,
  results: [
    { model: "base", dataset: "held-out", metrics: { examples: 10, exactMatch: 0.1, rougeL: 0.3141 } },
    { model: "tuned", dataset: "held-out", metrics: { examples: 10, exactMatch: 0.4, rougeL: 0.6667 } },
  ],
};
const row = (kind: ArtifactRow["kind"], name: string, value: unknown): ArtifactRow => ({
  kind,
  name,
  value: JSON.parse(JSON.stringify(value)),
  updatedAt: "2026-11-25T08:00:00.000Z",
});
const jobRow = row("training-job", trainResult.output, trainingArtifact(job, trainResult));
const evaluationRow = row("evaluation", trainResult.output, evaluation);

/** Compiles a spec to Vega and parses it, collecting Vega-Lite's warnings and errors. */
function problemsOf(spec: TopLevelSpec): string[] {
  const problems: string[] = [];
  const logger = {
    level(): never {
      return logger as never;
    },
    error: (...args: unknown[]) => problems.push(`error ${args.join(" ")}`),
    warn: (...args: unknown[]) => problems.push(`warn ${args.join(" ")}`),
    info: () => logger,
    debug: () => logger,
  };
  parse(compile(spec, { logger: logger as never }).spec);
  return problems;
}

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-training-report-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function qualityReport(): Promise<QualityReport> {
  const texts = [
    "The noodles arrived hot and the broth was rich",
    "Delivery took two hours and the rice was cold",
    "Friendly driver, neat packaging, perfect dumplings",
    "Too salty, the soup was mostly oil",
  ];
  const { report } = await buildQualityReport({
    records: texts.map((text, index) => ({
      id: `r${index}`,
      text,
      label: index % 2 === 0 ? "positive" : "negative",
      cell: {},
      output: index % 2 === 0 ? "positive" : "negative",
      valid: true,
    })),
    source: { kind: "run", runId: "run-1", round: 1 },
    language: "en",
    quality: qualitySchema.parse({}),
  });
  return report;
}

describe("summarizeTraining", () => {
  it("reads training-job and evaluation artifacts into loss curves and side-by-side results", () => {
    const { training, warnings } = summarizeTraining([jobRow], [evaluationRow]);
    expect(warnings).toEqual([]);
    expect(training!.jobs).toHaveLength(1);
    expect(training!.jobs[0]).toMatchObject({
      output: "/runs/sentiment/train",
      method: "lora",
      stages: ["general", "domain"],
      bestValidationLoss: 0.9137,
      stoppedEarly: true,
    });
    expect(training!.jobs[0]!.lossCurve.map((point) => point.stage)).toEqual([
      "general",
      "general",
      "general",
      "domain",
      "domain",
      "domain",
    ]);
    const [dataset] = training!.evaluations[0]!.datasets;
    expect(dataset!.name).toBe("reference yelp_labelled.txt");
    expect(dataset!.examples).toBe(16);
    expect(dataset!.models.map((entry) => [entry.model, entry.metrics.accuracy])).toEqual([
      ["base", 0.5625],
      ["tuned", 0.875],
    ]);
  });

  it("leaves out a malformed artifact with a warning naming it and the field", () => {
    const { training, warnings } = summarizeTraining(
      [row("training-job", "/broken", { output: "/broken", steps: "six" })],
      [],
    );
    expect(training).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^training-job artifact "\/broken" is left out of the report: steps: /);
  });

  it("gives no training part when there are no artifacts", () => {
    expect(summarizeTraining([], [])).toEqual({ training: undefined, warnings: [] });
  });
});

describe("training charts", () => {
  it("are valid Vega-Lite that compiles without warnings", () => {
    const curve = summarizeTraining([jobRow], []).training!.jobs[0]!.lossCurve;
    const loss = lossChart("Loss", curve)!;
    expect(problemsOf(loss)).toEqual([]);
    expect(JSON.stringify(loss)).toContain('"learningRate"');
    expect(
      problemsOf(
        lossChart(
          "Loss",
          curve.map(({ step, loss }) => ({ step, loss })),
        )!,
      ),
    ).toEqual([]);
    const confusion = confusionChart("Confusion", [
      {
        model: "base",
        labels: ["negative", "positive"],
        matrix: [
          [5, 3],
          [4, 4],
        ],
      },
      {
        model: "tuned",
        labels: ["negative", "positive"],
        matrix: [
          [7, 1],
          [1, 7],
        ],
      },
    ])!;
    expect(problemsOf(confusion)).toEqual([]);
    const cells = (confusion as { data: { values: { model: string; count: number; share: number }[] } }).data
      .values;
    expect(cells.filter((cell) => cell.model === "tuned").map((cell) => cell.count)).toEqual([7, 1, 1, 7]);
    expect(cells[0]!.share).toBeCloseTo(5 / 8);
  });

  it("draw nothing without data", () => {
    expect(lossChart("Loss", [])).toBeUndefined();
    expect(confusionChart("Confusion", [])).toBeUndefined();
  });
});

describe("report with training and evaluation", () => {
  it("attaches the run's artifacts from the store and writes their numbers to report.json and report.html", async () => {
    const store = openStore(path.join(directory, "store.sqlite"));
    try {
      const report = await qualityReport();
      store.ensureRun({ id: "run-1", recipeName: "demo", recipeHash: "h", recipe: {} as never, target: 4 });
      expect(withTraining(report, store).training).toBeUndefined();
      store.putArtifact("run-1", "training-job", trainResult.output, trainingArtifact(job, trainResult));
      store.putArtifact("run-1", "evaluation", trainResult.output, evaluation);
      const attached = withTraining(report, store);
      expect(attached.training!.jobs[0]!.finalTrainLoss).toBe(0.7421);
      const files = await writeReport(attached, path.join(directory, "out"));
      const json = JSON.parse(readFileSync(files.json, "utf8")) as RunReport;
      expect(json.training!.evaluations[0]!.datasets[0]!.models[1]!.metrics.macroF1).toBe(0.875);
      expect(json.training!.jobs[0]!.lossCurve[2]!.validationLoss).toBe(1.5531);
      const html = readFileSync(files.html, "utf8");
      expect(html).toContain("<h2>Training</h2>");
      expect(html).toContain("<h2>Evaluation: base vs tuned</h2>");
    } finally {
      store.close();
    }
  });

  it("is brought up to date beside the export as soon as an evaluation is stored", async () => {
    const store = openStore(path.join(directory, "refresh.sqlite"));
    try {
      store.ensureRun({ id: "run-2", recipeName: "demo", recipeHash: "h", recipe: {} as never, target: 4 });
      expect(await refreshRunReport(store, "run-2")).toBeUndefined();
      const report = await qualityReport();
      store.putArtifact("run-2", "quality-report", "latest", {
        ...report,
        source: { kind: "run", runId: "run-2" },
      });
      store.putArtifact("run-2", "export", path.join(directory, "refreshed"), {});
      store.putArtifact("run-2", "evaluation", trainResult.output, evaluation);
      const files = await refreshRunReport(store, "run-2");
      expect(files?.html).toBe(path.join(directory, "refreshed", "report.html"));
      expect(readFileSync(files!.html, "utf8")).toContain("<h2>Evaluation: base vs tuned</h2>");
    } finally {
      store.close();
    }
  });

  it("shows loss curves, side-by-side metrics, per-class P/R/F1 and confusion heatmaps in report.html", async () => {
    const report = {
      ...(await qualityReport()),
      training: summarizeTraining([jobRow], [evaluationRow]).training!,
    };
    const html = await renderReportHtml(report);
    // Training: the jobs table and one loss figure with its stages and the learning rate.
    expect(html).toContain("general → domain");
    expect(html).toContain("0.7421"); // final training loss
    expect(html).toContain("0.9137"); // best validation loss
    expect(html).toContain("stopped early");
    expect(html).toContain("Loss: train");
    expect(html).toContain("learning rate");
    // Evaluation: headline metrics of base and tuned, and the difference.
    expect(html).toContain("reference yelp_labelled.txt");
    expect(html).toMatch(
      /<td>accuracy<\/td><td class="number">56\.3%<\/td><td class="number">87\.5%<\/td><td[^>]*>\+31\.3 pp<\/td>/,
    );
    expect(html).toMatch(
      /<td>macro-F1<\/td><td class="number">0\.561<\/td><td class="number">0\.875<\/td><td[^>]*>\+0\.314<\/td>/,
    );
    expect(html).toContain("<td>micro-F1</td>");
    // Per class: support, then P/R/F1 of base, then of tuned.
    expect(html).toMatch(
      /<td>negative<\/td><td class="number">8<\/td><td class="number">0\.556<\/td><td class="number">0\.625<\/td><td class="number">0\.588<\/td><td class="number">0\.875<\/td>/,
    );
    // Confusion heatmaps: both models' facets with their counts.
    expect(html).toContain("Confusion matrices: reference yelp_labelled.txt");
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    const heatmap = svgs.find((svg) => svg.includes("Confusion matrices"))!;
    expect(heatmap).toContain("tuned");
    expect(heatmap).toContain("share of true label");
    expect(heatmap).toMatch(/>7</);
  });

  it("shows exact match and ROUGE-L for a generation evaluation, with no confusion matrix", async () => {
    const report = {
      ...(await qualityReport()),
      training: summarizeTraining([], [row("evaluation", "/runs/chat/train", generation)]).training!,
    };
    const html = await renderReportHtml(report);
    expect(html).not.toContain("<h2>Training</h2>");
    expect(html).toMatch(
      /<td>exact match<\/td><td class="number">10\.0%<\/td><td class="number">40\.0%<\/td><td[^>]*>\+30\.0 pp<\/td>/,
    );
    expect(html).toMatch(/<td>ROUGE-L<\/td><td class="number">0\.314<\/td><td class="number">0\.667<\/td>/);
    expect(html).not.toContain("Confusion matrices");
  });

  it("shows entity precision, recall and F1 of a tagging head, tuned alone, with no confusion matrix", async () => {
    const tagging: EvaluationResult = {
      cancelled: false,
      task: "token-classification",
      labels: null,
      results: [
        {
          model: "tuned",
          dataset: "reference conll2003_dev.txt",
          metrics: { examples: 100, entityPrecision: 0.647, entityRecall: 0.7, entityF1: 0.672 },
        },
      ],
    };
    const report = {
      ...(await qualityReport()),
      training: summarizeTraining([], [row("evaluation", "/runs/ner/train", tagging)]).training!,
    };
    const html = await renderReportHtml(report);
    expect(html).toMatch(/<td>entity F1<\/td><td class="number">0\.672<\/td><\/tr>/);
    expect(html).toMatch(/<td>entity recall<\/td><td class="number">0\.700<\/td>/);
    expect(html).not.toContain("exact match");
    expect(html).not.toContain("Confusion matrices");
  });

  it("has no training or evaluation section when the run has neither", async () => {
    const html = await renderReportHtml(await qualityReport());
    expect(html).not.toContain("<h2>Training</h2>");
    expect(html).not.toContain("<h2>Evaluation");
  });
});
