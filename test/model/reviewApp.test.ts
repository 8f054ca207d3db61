import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recipe, recipeSchema } from "../../src/core/recipe/recipeSchema.js";
import { ensureSpotCheckSample } from "../../src/review/spotCheckSample.js";
import { openStore } from "../../src/store/openStore.js";
import type { SqliteStore } from "../../src/store/SqliteStore.js";
import { type RunningReviewServer, startReviewServer } from "../../src/web/startReviewServer.js";
import { inContinuousIntegration, realData, realDataMissing } from "../fixtures/quality/realData.js";
import { type ReviewRow, sampleRows, waimaiRows } from "../fixtures/quality/reviewRows.js";
import { storedRecord } from "../fixtures/quality/storedRecord.js";

// The review app in real Chromium over a store of 600 real Chinese reviews (../shared/data):
// keyboard review of the whole sample, a fixed label, undo, live statistics and gate, two tabs
// at once, the token off localhost, and requests that must change nothing.
const executablePath = "/usr/bin/chromium";
/** The page's globals, as the functions run in the browser see them (this file is compiled without the DOM library). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  fonts: { check(font: string, text: string): boolean };
};
const root = path.resolve(import.meta.dirname, "..", "..");
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-review-app-"));
const screenshots = process.env.SYNTHFORGE_REVIEW_SCREENSHOTS;
const runId = "review-run";
let context: BrowserContext | undefined;
let store: SqliteStore;
let server: RunningReviewServer;
let recipe: Recipe;

function rows(): ReviewRow[] {
  const data = realData();
  if (data.available) return sampleRows(waimaiRows(), 600, 5);
  if (inContinuousIntegration()) throw new Error(`CI=true and ${realDataMissing(data)}`);
  console.warn(`review app test: ${realDataMissing(data)}; using constructed reviews`);
  return Array.from({ length: 600 }, (_, index) => ({
    text: `第${index}单外卖，${index % 3 === 0 ? "等了两个小时，饭菜全凉了" : "送餐很快，味道很好"}。`,
    label: index % 3 === 0 ? "negative" : "positive",
  }));
}

beforeAll(async () => {
  execFileSync("sh", [path.join(root, "scripts", "ensure-chromium.sh")], { stdio: "inherit" });
  context = await chromium.launchPersistentContext(
    mkdtempSync(path.join(os.tmpdir(), "synthforge-chromium-")),
    {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
      ],
    },
  );
  recipe = recipeSchema.parse({
    name: "waimai-review",
    language: "zh",
    output: {
      schema: {
        type: "object",
        properties: { text: { type: "string" }, label: { type: "string", enum: ["positive", "negative"] } },
        required: ["text", "label"],
      },
      labelField: "label",
    },
    dimensions: { label: ["positive", "negative"], channel: ["app", "phone"] },
    plan: { count: 600 },
    template: { prompt: "write a review" },
  });
  store = openStore(path.join(directory, "store.sqlite"));
  const all = rows();
  store.ensureRun({ id: runId, recipeName: recipe.name, recipeHash: "h", recipe, target: all.length });
  const cells = all.map((row, index) => ({ label: row.label, channel: index % 2 === 0 ? "app" : "phone" }));
  store.putPlan(
    runId,
    cells.map((cell, index) => ({ index, cell })),
  );
  all.forEach((row, index) => {
    store.putRecord(
      storedRecord({
        runId,
        round: 1,
        slotIndex: index,
        data: { text: row.text, label: row.label },
        cell: cells[index]!,
      }),
    );
  });
  ensureSpotCheckSample(store, runId, recipe);
  server = await startReviewServer({ store, runId, recipe });
}, 900_000);

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  await server?.close();
  await context?.close();
  store?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Script errors of every page opened: the page must run without one. */
const pageErrors: string[] = [];

async function openApp(url = server.url): Promise<Page> {
  const page = await context!.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  return page;
}

/** A POST through node:http, which (unlike fetch) may set any header, Host included. */
function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; error: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", headers: { "content-type": "application/json", ...headers } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => {
          try {
            resolve({
              status: response.statusCode ?? 0,
              error: (JSON.parse(text) as { error?: string }).error ?? "",
            });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

describe("review app (Chromium)", () => {
  it("reviews the sample with the keyboard, fixes a label, undoes a verdict, and the statistics and gate follow", async () => {
    const page = await openApp();
    const sample = store.listArtifacts(runId, "spot-check-sample")[0]!.value as { ids: string[] };
    expect(sample.ids).toHaveLength(30);
    // Chinese text renders as text, in a CJK font, not as boxes.
    const firstText = await page.textContent("#text");
    expect(firstText).toBe(store.getRecord(sample.ids[0]!)!.data!.text);
    expect(await page.evaluate(() => document.fonts.check('20px "Noto Sans CJK SC"', "好吃"))).toBe(true);
    expect(await page.getAttribute("#text", "lang")).toBe("zh");
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: path.join(screenshots, "review-record.png") });
    }

    let fixed: { id: string; label: string } | undefined;
    for (let position = 0; position < 30; position += 1) {
      const id = (await page.textContent("#position"))!.split(" · ")[1]!;
      expect(id).toBe(sample.ids[position]);
      if (position === 4) {
        await page.keyboard.press("2");
        await page.keyboard.press("2"); // "off topic"
      } else if (position === 9) {
        const label = store.getRecord(id)!.data!.label === "positive" ? "negative" : "positive";
        await page.keyboard.press("f");
        await page.selectOption("#fix-label", label);
        await page.focus("#fix-text");
        await page.keyboard.press("Enter");
        fixed = { id, label };
      } else {
        // The first record stays on screen a while: its verdict must carry at least that time.
        if (position === 0) await page.waitForTimeout(1_500);
        await page.keyboard.press("1");
      }
      // A generous bound: on a machine busy with other work one verdict's round trip has taken seconds.
      await page.waitForFunction(
        (count) => document.querySelector("#progress")?.textContent?.startsWith(`${count} of`),
        position + 1,
        { timeout: 120_000 },
      );
    }
    expect(await page.textContent("#interval")).toContain("2 wrong of 30 reviewed");
    expect(await page.textContent("#rate")).toBe("6.7%");
    expect(await page.textContent("#gate")).toBe("Gate ≤ 1.5%: fail");
    expect(await page.textContent("#needed")).toContain("no number of reviews");
    expect(await page.textContent("#by-reason")).toContain("off topic");
    expect(await page.textContent("#by-reason")).toContain("wrong label");
    expect(await page.textContent("#by-condition")).toMatch(/channel=(app|phone), label=(positive|negative)/);

    const reviews = store.listReviews(runId);
    expect(reviews).toHaveLength(30);
    expect(reviews.filter((review) => review.verdict === "wrong")).toHaveLength(2);
    const fix = reviews.find((review) => review.recordId === fixed!.id)!;
    expect(fix).toMatchObject({
      verdict: "wrong",
      reason: "wrong label",
      corrected: { label: fixed!.label },
    });
    expect(store.getRecord(fixed!.id)!.data!.label).not.toBe(fixed!.label); // the original is kept
    // Every verdict carries the seconds its record was shown, measured in the page.
    const seconds = new Map(reviews.map((review) => [review.recordId, review.seconds]));
    expect(seconds.get(sample.ids[0]!)).toBeGreaterThanOrEqual(1.5);
    for (const review of reviews) expect(review.seconds).toBeGreaterThan(0);
    for (const review of reviews) expect(review.seconds).toBeLessThan(600);

    // u undoes this tab's last verdict (the 30th, "correct"): 29 reviewed, the record open again.
    await page.keyboard.press("u");
    await page.waitForFunction(() => document.querySelector("#progress")?.textContent?.startsWith("29 of"));
    expect(store.listReviews(runId)).toHaveLength(29);
    expect(await page.textContent("#interval")).toContain("2 wrong of 29 reviewed");
    expect(await page.textContent("#position")).toContain(sample.ids[29]!);
    // A second u undoes the verdict before it (the stack goes back in order); redo both with the mouse.
    await page.keyboard.press("u");
    await page.waitForFunction(() => document.querySelector("#progress")?.textContent?.startsWith("28 of"));
    expect(await page.textContent("#position")).toContain(sample.ids[28]!);
    await page.click("#btn-correct");
    await page.waitForFunction(() => document.querySelector("#progress")?.textContent?.startsWith("29 of"));
    await page.click("#btn-correct");
    await page.waitForFunction(() => document.querySelector("#progress")?.textContent?.startsWith("30 of"));
    expect(await page.textContent("#interval")).toContain("2 wrong of 30 reviewed");
    expect(store.listReviewEvents(runId).filter((event) => event.undoneAt !== undefined)).toHaveLength(2);
    if (screenshots) {
      await page.click("#btn-prov");
      await page.waitForSelector("#provenance:not([hidden])");
      await page.screenshot({ path: path.join(screenshots, "review-provenance.png"), fullPage: true });
      await page.click("#btn-prov");
    }
    await page.close();
  });

  it("bulk-marks a filtered list, and two tabs at once lose nothing and count nothing twice", async () => {
    const [first, second] = [await openApp(), await openApp()];
    await first.keyboard.press("l");
    await first.selectOption("#filter-status", "all");
    await first.fill("#filter-search", "");
    const shown = await first.locator("#rows tr").count();
    expect(shown).toBe(30);
    await first.check("#select-all");
    expect(await first.textContent("#selected-count")).toBe("30 selected of 30 shown");
    if (screenshots) await first.screenshot({ path: path.join(screenshots, "review-list.png") });
    const eventsBefore = store.listReviewEvents(runId).length;
    // Both tabs at once: tab 1 marks all 30 correct, tab 2 marks its current record wrong.
    await second.keyboard.press("k");
    const secondId = (await second.textContent("#position"))!.split(" · ")[1]!;
    await Promise.all([
      first.click("#bulk-correct"),
      (async () => {
        await second.keyboard.press("2");
        await second.keyboard.press("3");
      })(),
    ]);
    await first.waitForFunction(() =>
      document.querySelector("#message")?.textContent?.includes("30 records marked correct"),
    );
    await second.waitForFunction(() =>
      document.querySelector("#message")?.textContent?.startsWith("Marked wrong"),
    );
    const events = store.listReviewEvents(runId);
    expect(events.length - eventsBefore).toBe(31);
    // The bulk verdicts share the time the list was shown; the card verdict has its own.
    const bulkSeconds = events
      .slice(eventsBefore)
      .filter((event) => event.verdict === "correct" && event.reason === undefined)
      .map((event) => event.seconds);
    expect(bulkSeconds).toHaveLength(30);
    expect(new Set(bulkSeconds).size).toBe(1);
    expect(
      events.slice(eventsBefore).every((event) => event.seconds !== undefined && event.seconds >= 0),
    ).toBe(true);
    const reviews = store.listReviews(runId);
    expect(reviews).toHaveLength(30);
    expect(new Set(reviews.map((review) => review.recordId)).size).toBe(30);
    // The record both tabs judged has the later verdict, and the history has both.
    const last = events.filter((event) => event.recordId === secondId).at(-1)!;
    expect(reviews.find((review) => review.recordId === secondId)!.verdict).toBe(last.verdict);
    // Tab 1 picks up tab 2's verdict on its next refresh.
    await first.keyboard.press("l");
    await first.waitForFunction(
      (wrong) => document.querySelector("#interval")?.textContent?.startsWith(`${wrong} wrong of 30`),
      reviews.filter((review) => review.verdict === "wrong").length,
      { timeout: 15_000 },
    );
    await Promise.all([first.close(), second.close()]);
  });

  it("answers a bad request with 4xx and one sentence, and changes nothing", async () => {
    const base = server.url.replace(/\/$/, "");
    const before = JSON.stringify([store.listReviews(runId), store.listReviewEvents(runId)]);
    const id = store.listReviews(runId)[0]!.recordId;
    const cases: [string, string, Record<string, string>, number, RegExp][] = [
      ["/api/verdicts", "{not json", {}, 400, /not valid JSON/],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "maybe" }] }),
        {},
        400,
        /verdicts\.0\.verdict/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "wrong" }] }),
        {},
        400,
        /without a reason/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({
          verdicts: [
            { recordId: id, verdict: "correct" },
            { recordId: "nope", verdict: "correct" },
          ],
        }),
        {},
        404,
        /"nope" \(verdict 2\) is not a record of run/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({
          verdicts: [{ recordId: id, verdict: "wrong", reason: "x", corrected: { label: "neutral" } }],
        }),
        {},
        400,
        /expected one of "positive", "negative"/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "correct" }] }),
        { "content-type": "text/plain" },
        415,
        /application\/json/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "correct" }] }),
        { origin: "https://evil.example" },
        403,
        /not allowed/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "correct" }] }),
        { host: "evil.example" },
        403,
        /does not name this machine/,
      ],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "correct", seconds: 86_400 }] }),
        {},
        400,
        /seconds.*at most 3600/,
      ],
      ["/api/undo", JSON.stringify({ events: [999999] }), {}, 409, /cannot be undone/],
      ["/api/undo", JSON.stringify({ events: "all" }), {}, 400, /events/],
      [
        "/api/verdicts",
        JSON.stringify({ verdicts: [{ recordId: id, verdict: "correct", extra: 1 }] }),
        {},
        400,
        /extra|Unrecognized/,
      ],
    ];
    for (const [route, body, headers, status, message] of cases) {
      const answer = await post(`${base}${route}`, body, headers);
      expect([route, body, answer.status], answer.error).toEqual([route, body, status]);
      expect(answer.error).toMatch(message);
      expect(answer.error.split(/\.\s/).length, answer.error).toBeLessThanOrEqual(2);
    }
    const big = await post(
      `${base}/api/verdicts`,
      JSON.stringify({ verdicts: [{ recordId: id, verdict: "correct", reason: "x".repeat(2_000_000) }] }),
    );
    expect(big.status).toBe(413);
    expect(JSON.stringify([store.listReviews(runId), store.listReviewEvents(runId)])).toBe(before);
  });

  it("requires the token off localhost", async () => {
    const exposed = await startReviewServer({ store, runId, recipe, host: "0.0.0.0" });
    try {
      expect(exposed.token).toMatch(/^[\w-]{40,}$/);
      expect(exposed.url).toContain(`?token=${exposed.token}`);
      const port = new URL(exposed.url).port;
      const bare = `http://127.0.0.1:${port}`;
      expect((await fetch(`${bare}/`)).status).toBe(401);
      expect((await fetch(`${bare}/api/state`)).status).toBe(401);
      expect(
        (
          await fetch(`${bare}/api/state`, {
            headers: { authorization: "Bearer wrong-token-of-some-length" },
          })
        ).status,
      ).toBe(401);
      const before = store.listReviewEvents(runId).length;
      const refused = await post(
        `${bare}/api/verdicts`,
        JSON.stringify({
          verdicts: [{ recordId: store.listReviews(runId)[0]!.recordId, verdict: "correct" }],
        }),
      );
      expect(refused.status).toBe(401);
      expect(store.listReviewEvents(runId).length).toBe(before);
      // The page with the printed URL works: it sends the token with every call.
      const page = await openApp(`${bare}/?token=${exposed.token}`);
      await page.keyboard.press("1");
      await page.waitForFunction(() => document.querySelector("#message")?.textContent === "Marked correct.");
      expect(store.listReviewEvents(runId).length).toBe(before + 1);
      await page.close();
    } finally {
      await exposed.close();
    }
  });
});
