import { afterEach, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../../test/support/captureOutput.js";
import { findBuiltinTemplate } from "../../generate/templates/builtinTemplates.js";
import { main } from "../main.js";
import { describeTemplate } from "./templates.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("synthforge templates", () => {
  it("lists templates filtered by task and language", async () => {
    const { out } = captureOutput();
    expect(
      await main(["node", "synthforge", "templates", "list", "--task", "translation", "--language", "zh"]),
    ).toBe(0);
    const text = out.join("");
    expect(text).toMatch(/^id +version +language +task/);
    expect(text).toContain("translation-zh-en");
    expect(text).not.toContain("translation-en-zh");
    expect(text).not.toContain("classification-");
  });

  it("lists JSON lines with --json", async () => {
    const { out } = captureOutput();
    expect(await main(["node", "synthforge", "--json", "templates", "list", "--task", "qa"])).toBe(0);
    const rows = out
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows.length).toBe(6);
    expect(rows.every((row) => row.task === "qa")).toBe(true);
  });

  it("shows one template's text, slots and schema", () => {
    const text = describeTemplate(findBuiltinTemplate("classification-sentiment-en")!);
    expect(text).toContain("phrasing 3 of 3:");
    expect(text).toContain("label: The class the record belongs to (a control dimension). (required)");
    expect(text).toContain('"required": [');
    expect(text).toContain("Write one short positive customer review of a restaurant reviews: two sentences");
  });

  it("rejects an unknown id or task with one sentence and exit code 2", async () => {
    const { err } = captureOutput();
    expect(await main(["node", "synthforge", "templates", "show", "dialog-support-en"])).toBe(2);
    expect(err.join("")).toMatch(
      /Unknown template id "dialog-support-en"; did you mean "dialogue-support-en"/,
    );
    expect(await main(["node", "synthforge", "templates", "list", "--task", "poetry"])).toBe(2);
    expect(err.join("")).toMatch(/--task expects one of classification/);
  });
});
