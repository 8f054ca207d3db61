import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { ignoreEvents } from "../../src/core/events.js";
import { recipeSchema } from "../../src/core/recipe/recipeSchema.js";
import { emptyGenerationStats } from "../../src/generate/generateRecords.js";
import type { AfterRoundContext } from "../../src/pipeline/run/RoundHook.js";
import { createQualityHook } from "../../src/pipeline/verify/createQualityHook.js";
import type { QualityReport } from "../../src/quality/QualityReport.js";
import type { RunReport } from "../../src/report/RunReport.js";
import { openStore } from "../../src/store/openStore.js";
import type { EvaluationResult } from "../../src/train/evaluationResultSchema.js";
import { trainingArtifact } from "../../src/train/trainingArtifact.js";
import type { TrainResult } from "../../src/train/trainResultSchema.js";
import { inContinuousIntegration, realData, realDataMissing } from "../fixtures/quality/realData.js";
import { type ReviewRow, sampleRows, waimaiRows } from "../fixtures/quality/reviewRows.js";
import { storedRecord } from "../fixtures/quality/storedRecord.js";

// The report needs no model: a run's records are stored real reviews (../shared/data), put into
// the store round by round, and the quality hook that `synthforge run` uses writes the report.
const executablePath = "/usr/bin/chromium";
const root = path.resolve(import.meta.dirname, "..", "..");
const data = realData();

/** Constructed Chinese reviews, used only when ../shared/data is absent. */
function constructedRows(count: number, offset: number): ReviewRow[] {
  const positive = [
    "送餐很快，味道很好，包装也干净",
    "分量足，价格实惠，下次还点",
    "骑手态度好，饭菜还是热的",
  ];
  const negative = ["等了两个小时，饭菜全凉了", "太咸了，根本吃不下去", "送错了地址，打电话也没人接"];
  const openers = ["今天", "周末", "中午", "晚上", "第一次", "又一次"];
  return Array.from({ length: count }, (_, index) => {
    const label = index % 3 === 0 ? "negative" : "positive";
    const pool = label === "negative" ? negative : positive;
    return {
      text: `${openers[(index + offset) % openers.length]}点的外卖，${pool[(index * 7 + offset) % pool.length]}，第${index + offset}单。`,
      label,
    };
  });
}

let context: BrowserContext | undefined;
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-report-"));

beforeAll(async () => {
  // A clean machine has no Chromium: the script installs Debian's package (as root) or says how.
  execFileSync("sh", [path.join(root, "scripts", "ensure-chromium.sh")], { stdio: "inherit" });
  context = await chromium.launchPersistentContext(
    mkdtempSync(path.join(os.tmpdir(), "synthforge-chromium-")),
    {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  );
}, 900_000);

afterAll(async () => {
  await context?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Two rounds of stored records through the quality hook; returns the last report and its files. */
async function reportOfTwoRounds(): Promise<{ report: QualityReport; html: string; json: string }> {
  let rounds: ReviewRow[][];
  let reference: ReviewRow[];
  if (data.available) {
    const sampled = sampleRows(waimaiRows(), 3300, 11);
    rounds = [sampled.slice(0, 150), sampled.slice(150, 300)];
    reference = sampled.slice(300);
  } else {
    // In CI the report must be tested on real reviews; locally it says what it uses instead.
    if (inContinuousIntegration()) throw new Error(`CI=true and ${realDataMissing(data)}`);
    console.warn(`report test: ${realDataMissing(data)}; using constructed reviews instead of waimai_10k`);
    rounds = [constructedRows(150, 0), constructedRows(150, 150)];
    reference = constructedRows(400, 1000).map((row) => ({ ...row, text: row.text.replace("外卖", "饭") }));
  }
  // Planted problems the report must show: an exact duplicate, a near-duplicate, personal data.
  const firstRound = rounds[0]!;
  const longest = [...firstRound].sort((a, b) => b.text.length - a.text.length)[0]!;
  firstRound.push(
    { ...firstRound[3]! },
    { text: `${longest.text}！！`, label: longest.label },
    {
      text: "联系我 13812345678 或 a@b.cn，外卖准时送到了，饺子还是热的，老板人很好，下次还来",
      label: "positive",
    },
  );
  writeFileSync(
    path.join(directory, "reference.csv"),
    `label,review\n${reference.map((row) => `${row.label},"${row.text.replaceAll('"', '""')}"`).join("\n")}\n`,
  );
  const recipe = recipeSchema.parse({
    name: "waimai-report",
    language: "zh",
    output: {
      schema: { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
      labelField: "label",
    },
    dimensions: { label: ["positive", "negative"] },
    plan: { count: rounds[0]!.length + rounds[1]!.length },
    template: { prompt: "write a review" },
    quality: { reference: { file: "reference.csv", textColumn: "review", labelColumn: "label" } },
  });
  const store = openStore(path.join(directory, "store.sqlite"));
  const runId = "report-run";
  const rows = rounds.flat();
  store.ensureRun({ id: runId, recipeName: recipe.name, recipeHash: "h", recipe, target: rows.length });
  store.putPlan(
    runId,
    rows.map((row, index) => ({ index, cell: { label: row.label } })),
  );
  const reports: QualityReport[] = [];
  const hook = createQualityHook({
    reportDirectory: path.join(directory, "out"),
    enforceGates: false,
    onReport: (report) => reports.push(report),
  });
  let slotIndex = 0;
  for (const [position, roundRows] of rounds.entries()) {
    const round = position + 1;
    store.startRound(runId, round);
    for (const row of roundRows) {
      store.putRecord(
        storedRecord({ runId, round, slotIndex, data: { ...row }, cell: { label: row.label } }),
      );
      slotIndex += 1;
    }
    const roundContext: AfterRoundContext = {
      runId,
      round,
      loaded: {
        recipe,
        file: path.join(directory, "recipe.yaml"),
        directory,
        hash: "h",
        locate: () => undefined,
      },
      store,
      events: ignoreEvents,
      signal: undefined,
      sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 128 },
      stats: emptyGenerationStats(),
      summary: {},
    };
    await hook.afterRound!(roundContext);
    store.endRound(runId, round, roundContext.summary);
  }
  store.close();
  const out = path.join(directory, "out");
  return {
    report: reports.at(-1)!,
    html: path.join(out, "report.html"),
    json: path.join(out, "report.json"),
  };
}

/** What a report page shows in Chromium: its charts, console problems and outside requests. */
interface RenderedReport {
  charts: { width: number; height: number; marks: number; text: string }[];
  problems: string[];
  requests: string[];
  page: Page;
}

/** Opens report.html offline in Chromium and measures every chart; the caller closes the page. */
async function openReport(html: string): Promise<RenderedReport> {
  const page = await context!.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(`file://${html}`);
  const charts = await page.locator("figure svg").evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return {
        width: box.width,
        height: box.height,
        marks: svg.querySelectorAll("path, rect, line, text").length,
        text: svg.textContent ?? "",
      };
    }),
  );
  return { charts, problems, requests, page };
}

function expectDrawn(charts: RenderedReport["charts"]): void {
  for (const chart of charts) {
    expect(chart.width).toBeGreaterThan(100);
    expect(chart.height).toBeGreaterThan(40);
    expect(chart.marks).toBeGreaterThan(5);
  }
}

/** A finished two-stage LoRA job and its base-vs-tuned evaluation, as train and evaluate store them. */
function trainingArtifacts(): { output: string; job: Record<string, unknown>; evaluation: EvaluationResult } {
  const output = path.join(directory, "out", "train");
  const lossCurve = Array.from({ length: 24 }, (_, index) => {
    const step = index + 1;
    return {
      step,
      loss: 2.6 * Math.exp(-step / 10) + 0.4,
      ...(step % 4 === 0 ? { validationLoss: 2.4 * Math.exp(-step / 12) + 0.55 } : {}),
      stage: step <= 12 ? "general" : "domain",
      learningRate: 3e-5 * (0.5 + 0.5 * Math.cos((Math.PI * ((step - 1) % 12)) / 12)) + 1e-6,
    };
  });
  const result: TrainResult = {
    output,
    steps: 24,
    totalSteps: 24,
    cancelled: false,
    stoppedEarly: false,
    resumedFromStep: null,
    bestValidationLoss: lossCurve.at(-1)!.validationLoss!,
    finalTrainLoss: lossCurve.at(-1)!.loss,
    tokensPerSecond: 640,
    seconds: 95.2,
    peakMemoryMb: 1200,
    trainableParameters: 460_800,
    totalParameters: 134_975_808,
    lossCurve,
    labels: ["negative", "positive"],
    instruction: null,
    splits: {},
    checkpoint: null,
  };
  const job = {
    baseModel: "smollm2-135m-instruct.gguf",
    method: "lora" as const,
    stages: [
      { name: "general", data: "general.jsonl" },
      { name: "domain", data: "domain.jsonl" },
    ],
    output,
  };
  const metrics = (matrix: number[][], accuracy: number, macroF1: number) => ({
    examples: 40,
    accuracy,
    macroF1,
    microF1: accuracy,
    perClass: {
      negative: { precision: 0.6, recall: 0.75, f1: 0.6667, support: 20 },
      positive: { precision: 0.7, recall: 0.5, f1: 0.5833, support: 20 },
    },
    confusion: { labels: ["negative", "positive"], matrix },
  });
  const evaluation: EvaluationResult = {
    cancelled: false,
    task: "classification",
    labels: ["negative", "positive"],
    results: [
      {
        model: "base",
        dataset: "held-out",
        metrics: metrics(
          [
            [15, 5],
            [10, 10],
          ],
          0.625,
          0.625,
        ),
      },
      {
        model: "tuned",
        dataset: "held-out",
        metrics: metrics(
          [
            [18, 2],
            [3, 17],
          ],
          0.875,
          0.8747,
        ),
      },
    ],
  };
  return { output, job: trainingArtifact(job, result), evaluation };
}

describe("report.html in headless Chromium", () => {
  it("renders every chart offline with no console errors", async () => {
    const { report, html, json } = await reportOfTwoRounds();
    expect(report.trend.map((point) => point.round)).toEqual([1, 2]);
    expect(report.counts.rejectedByReason).toMatchObject({ duplicate: 1, "near-duplicate": 1 });
    expect(report.filters.sensitive.hitsByType["china-mobile"]).toBeGreaterThanOrEqual(1);
    expect(report.filters.sensitive.hitsByType.email).toBe(1);
    expect(JSON.parse(readFileSync(json, "utf8")).adversarial.auc).toBe(report.adversarial!.auc);

    const { charts, problems, requests, page } = await openReport(html);
    expect(charts.length).toBeGreaterThanOrEqual(9);
    expectDrawn(charts);
    const titles = charts.map((chart) => chart.text).join(" ");
    for (const title of [
      "Labels",
      "Length in characters",
      "Diversity",
      "Domain terms",
      "Sensitive content",
      "ROC AUC",
      "Trend across rounds",
    ]) {
      expect(titles).toContain(title);
    }
    expect(titles).toMatch(/[\u4e00-\u9fff]/);
    expect(titles).not.toContain("Loss:");
    expect(await page.locator("h2", { hasText: "Training" }).count()).toBe(0);
    expect(await page.locator("table").first().textContent()).toContain("adversarial ROC AUC");
    expect(await page.locator("td.text").first().textContent()).toMatch(/[\u4e00-\u9fff]/); // clusters show their texts
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), "synthforge-report.png"), fullPage: true });
    await page.close();
  });

  it("`synthforge report` adds the run's loss curves and base-vs-tuned confusion matrices", async () => {
    // The artifacts `synthforge train` and `synthforge evaluate` store, constructed: no model is trained.
    const { output, job, evaluation } = trainingArtifacts();
    const storeFile = path.join(directory, "store.sqlite");
    if (!existsSync(storeFile)) await reportOfTwoRounds(); // when run on its own (-t)
    const store = openStore(storeFile);
    store.putArtifact("report-run", "training-job", output, job);
    store.putArtifact("report-run", "evaluation", output, evaluation);
    store.close();
    const out = path.join(directory, "with-training");
    expect(
      await main(["node", "synthforge", "report", "--run", "report-run", "--store", storeFile, "--out", out]),
    ).toBe(0);
    const json = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as RunReport;
    expect(json.training!.jobs[0]!.lossCurve).toHaveLength(24);
    expect(json.training!.evaluations[0]!.datasets[0]!.models.map((entry) => entry.metrics.accuracy)).toEqual(
      [0.625, 0.875],
    );

    const { charts, problems, requests, page } = await openReport(path.join(out, "report.html"));
    expectDrawn(charts);
    const loss = charts.find((chart) => chart.text.includes("Loss: train"))!;
    expect(loss.text).toContain("learning rate");
    expect(loss.text).toContain("domain"); // the second stage's label
    const confusion = charts.find((chart) => chart.text.includes("Confusion matrices: held-out"))!;
    expect(confusion.text).toContain("base");
    expect(confusion.text).toContain("tuned");
    expect(confusion.width).toBeGreaterThan(250); // two heatmaps side by side
    const metrics = await page.locator("table.metrics").first().textContent();
    expect(metrics).toContain("62.5%");
    expect(metrics).toContain("87.5%");
    expect(metrics).toContain("+25.0 pp");
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), "synthforge-report-training.png"), fullPage: true });
    await page.close();
  });
});
