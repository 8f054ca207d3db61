import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layers of docs/architecture.md, highest first. A module may import modules of its own
 * folder and of lower layers; never a higher layer, and never another folder of its own layer
 * (a stage does not reach into another stage: what two of them share lives in `core`).
 * `report` sits above the stages it presents (quality reports, training jobs, evaluations);
 * the pipeline composes stages and report into runs. The servers (the model server `serve`, the
 * review app `web`) call the library as the CLI does and hold no pipeline logic.
 */
const layers: readonly { name: string; folders: readonly string[] }[] = [
  { name: "entry points", folders: ["index.ts", "cli"] },
  { name: "servers", folders: ["serve", "web"] },
  { name: "pipeline", folders: ["pipeline"] },
  { name: "report", folders: ["report"] },
  { name: "stages", folders: ["generate", "quality", "review", "export", "train"] },
  { name: "engines", folders: ["providers", "store", "worker", "http"] },
  { name: "core", folders: ["core"] },
];

/** Above the providers folder, models are reached only through these (the provider interface). */
const providerInterface = [
  "LanguageModel.ts",
  // What a server needs beyond it: decoding token by token (the embedded model implements it).
  "StreamingModel.ts",
  "createLanguageModel.ts",
  "cache/",
  "registry/",
];
/** Folders that may use a provider implementation directly: they choose and build models. */
const buildsModels = new Set(["index.ts", "cli", "providers"]);

const sourceRoot = path.dirname(fileURLToPath(import.meta.url));

/** Every module of the library (tests are left out: they may set up fakes from any layer). */
function sourceFiles(): string[] {
  return readdirSync(sourceRoot, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

const importPatterns = [
  /\b(?:import|export)\b[^;'"`]*?\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /^\s*import\s*["']([^"']+)["']/gm,
];

/** The source files `file` imports (relative specifiers only: packages are outside the layers). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(sourceRoot, file), "utf8");
  const targets = new Set<string>();
  for (const pattern of importPatterns) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[1]!;
      if (!specifier.startsWith(".")) continue;
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      targets.add(resolved.replace(/\.js$/, ".ts"));
    }
  }
  return [...targets];
}

function folderOf(file: string): string {
  return file.includes("/") ? file.slice(0, file.indexOf("/")) : file;
}

function layerOf(folder: string): number {
  return layers.findIndex((layer) => layer.folders.includes(folder));
}

const files = sourceFiles();
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe("architecture", () => {
  it("finds the source and its imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get("pipeline/run/startStoredRun.ts")).toContain("core/plan/createPlan.ts");
  });

  it("places every folder of src in a layer", () => {
    const unplaced = [...new Set(files.map(folderOf))].filter((folder) => layerOf(folder) === -1);
    expect(unplaced, "add new folders to the layer table here and in docs/architecture.md").toEqual([]);
  });

  it("imports only downward, or within a folder", () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      for (const target of targets) {
        const to = folderOf(target);
        if (to === from) continue;
        const fromLayer = layerOf(from);
        const toLayer = layerOf(to);
        if (toLayer > fromLayer) continue;
        const why =
          toLayer === fromLayer
            ? `both are ${layers[fromLayer]!.name}; move what they share down to core`
            : `${from} (${layers[fromLayer]!.name}) is below ${to} (${layers[toLayer]!.name})`;
        violations.push(`src/${file} imports src/${target}: ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycle between modules", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, "visiting");
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === "visiting") {
          cycles.push([...stack.slice(stack.indexOf(target)), target].join(" → "));
        } else if (!state.has(target)) {
          visit(target);
        }
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it("reaches models above the providers only through the provider interface", () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      if (buildsModels.has(folderOf(file))) continue;
      for (const target of targets) {
        if (folderOf(target) !== "providers") continue;
        const inside = target.slice("providers/".length);
        if (providerInterface.some((allowed) => inside === allowed || inside.startsWith(allowed))) continue;
        violations.push(`src/${file} imports src/${target}, a provider's internals`);
      }
    }
    expect(violations).toEqual([]);
  });
});
