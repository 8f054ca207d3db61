import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { reviewPage } from "./reviewPage.js";
import { reviewScriptBundle } from "./reviewScriptBundle.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("the review page's script", () => {
  it("is bundled from its TypeScript source into one browser script, with no module syntax left", () => {
    const script = reviewScriptBundle();
    expect(script).toMatch(/^"use strict";\n\(\(\) => \{/);
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    // The logic module is inside it, not loaded.
    expect(script).toContain("src/web/page/reviewLogic.ts");
    expect(script).not.toMatch(/<\/script/i);
  });

  it("is inlined in the page under its nonce", () => {
    const page = reviewPage({ nonce: "abc", title: "reviews", language: "zh" });
    expect(page).toContain(`<script nonce="abc">${reviewScriptBundle()}</script>`);
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it("type-checks with the DOM library", () => {
    // Throws with tsc's messages when the page script does not type-check.
    execFileSync(
      process.execPath,
      [path.join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "src/web/page"],
      {
        cwd: root,
        stdio: "pipe",
      },
    );
  }, 120_000);
});
