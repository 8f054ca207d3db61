import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const sourceRoot = path.dirname(fileURLToPath(import.meta.url));
const index = readFileSync(path.join(sourceRoot, "index.ts"), "utf8");

describe("the public API (src/index.ts)", () => {
  it("names every export: no `export *`", () => {
    expect(index).not.toMatch(/export\s+(type\s+)?\*/);
  });

  it("offers every error class, so a program can catch any error the library throws", async () => {
    const api: Record<string, unknown> = await import("./index.js");
    const errors = readdirSync(path.join(sourceRoot, "core", "errors"))
      .filter((file) => file.endsWith("Error.ts"))
      .map((file) => file.slice(0, -".ts".length));
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.filter((name) => typeof api[name] !== "function")).toEqual([]);
  });

  it("offers what the README's library example imports", async () => {
    const api: Record<string, unknown> = await import("./index.js");
    const readme = readFileSync(path.join(sourceRoot, "..", "README.md"), "utf8");
    const example = readme.slice(readme.indexOf("## As a library"));
    const imported = /import \{([^}]+)\} from "synthforge"/.exec(example)?.[1]?.split(",") ?? [];
    const names = imported.map((name) => name.trim()).filter(Boolean);
    expect(names).toContain("openStore");
    expect(names.filter((name) => typeof api[name] !== "function")).toEqual([]);
  });
});
