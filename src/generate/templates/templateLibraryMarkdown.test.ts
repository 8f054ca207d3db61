import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinTemplates } from "./builtinTemplates.js";
import { templateLibraryMarkdown } from "./templateLibraryMarkdown.js";

describe("docs/templates.md", () => {
  it("matches the library (run `npx tsx scripts/write-template-docs.ts` if this fails)", () => {
    const written = readFileSync(new URL("../../../docs/templates.md", import.meta.url), "utf8");
    expect(written).toBe(templateLibraryMarkdown());
  });

  it("lists every built-in template", () => {
    const markdown = templateLibraryMarkdown();
    for (const template of builtinTemplates()) expect(markdown).toContain(`### ${template.id}\n`);
  });
});
