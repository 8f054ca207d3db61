import { execSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDataset } from "../../src/quality/checkDataset.js";
import { trendPoint } from "../../src/quality/runQualityChecks.js";
import { writeReport } from "../../src/report/writeReport.js";

const executablePath = "/usr/bin/chromium";

/** CI machines start clean: install Debian's Chromium (and CJK fonts for Chinese labels) when missing. */
function ensureChromium(): void {
  if (existsSync(executablePath)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${executablePath} is missing and this user cannot install it: run \`sudo apt-get install -y chromium fonts-noto-cjk\`.`,
    );
  }
  execSync("apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk", {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

const positive = [
  "送餐很快，味道很好，包装也干净",
  "分量足，价格实惠，下次还点",
  "骑手态度好，饭菜还是热的",
  "口味正宗，米饭香，推荐这家店",
  "菜品新鲜，味道不错，好评",
];
const negative = [
  "等了两个小时，饭菜全凉了",
  "太咸了，根本吃不下去",
  "送错了地址，打电话也没人接",
  "分量太少，价格还贵，不会再点",
  "包装漏了，汤洒了一袋子",
];
const openers = ["今天", "周末", "中午", "晚上", "第一次", "又一次"];

function dataset(count: number, offset: number): { text: string; label: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const label = index % 3 === 0 ? "0" : "1";
    const pool = label === "0" ? negative : positive;
    const text = `${openers[(index + offset) % openers.length]}点的外卖，${pool[(index * 7 + offset) % pool.length]}，第${index + offset}单。`;
    return { text, label };
  });
}

let browser: Browser | undefined;
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-report-"));

beforeAll(async () => {
  ensureChromium();
  browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("report.html in headless Chromium", () => {
  it("renders every chart offline with no console errors", async () => {
    const rows = dataset(240, 0);
    rows.push(
      { ...rows[3]! },
      { text: `${rows[5]!.text}！`, label: rows[5]!.label },
      { text: "联系我 13812345678 或 a@b.cn", label: "1" },
    );
    const file = path.join(directory, "data.jsonl");
    const referenceFile = path.join(directory, "reference.csv");
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n"));
    writeFileSync(
      referenceFile,
      `label,review\n${dataset(200, 1000)
        .map((row) => `${row.label},${row.text.replace("外卖", "饭")}`)
        .join("\n")}\n`,
    );
    const firstRound = (await checkDataset({ file, reference: { file: referenceFile } })).report;
    const { report } = await checkDataset({ file, reference: { file: referenceFile } });
    report.trend = [
      { ...trendPoint(firstRound), round: 1, entropy: firstRound.metrics.diversity.entropy - 0.4 },
      { ...trendPoint(report), round: 2 },
    ];
    const { html } = await writeReport(report, directory);

    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
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
    expect(charts.length).toBeGreaterThanOrEqual(9);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(100);
      expect(chart.height).toBeGreaterThan(40);
      expect(chart.marks).toBeGreaterThan(5);
    }
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
    expect(await page.locator("table").first().textContent()).toContain("adversarial ROC AUC");
    expect(await page.locator("td.text").first().textContent()).toMatch(/点的外卖/); // clusters show their texts
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), "synthforge-report.png"), fullPage: true });
    await page.close();
  });
});
