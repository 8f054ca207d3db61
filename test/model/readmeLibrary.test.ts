// The README's "As a library" example, exactly as written, against the built package.
//
// What it proves: `npm run build` succeeds; in a fresh project whose node_modules/synthforge is
// this package, the README's code block type-checks against dist/index.d.ts and runs against
// dist/index.js (tsx only strips its types): it opens a store, loads examples/sentiment-en.yaml,
// runs it with the real teacher it names (qwen2.5-coder-1.5b-instruct) and exports it. To keep the test near a minute, the store
// already holds accepted records for all but one plan slot (as after an interrupted run), so the
// example loads the real model and generates that one record, then exports all of them.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createPlan } from "../../src/core/plan/createPlan.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../../src/core/record.js";
import { recipeForStore } from "../../src/pipeline/run/recipeForStore.js";
import { runIdFor } from "../../src/pipeline/run/runIdFor.js";
import { openStore } from "../../src/store/openStore.js";

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const project = mkdtempSync(path.join(os.tmpdir(), "synthforge-readme-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The first ```ts block of the README's "As a library" section, verbatim. */
function readmeLibraryExample(): string {
  const readme = readFileSync(path.join(repository, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## As a library"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!readme.includes("## As a library") || !block)
    throw new Error('README.md has no "As a library" ts block');
  return block[1]!;
}

/** Stores accepted records for every plan slot but the last, as a run would have left them. */
async function prefillStore(
  storeFile: string,
  recipeFile: string,
): Promise<{ runId: string; target: number }> {
  const loaded = await loadRecipe(recipeFile);
  const runId = runIdFor(loaded);
  const slots = createPlan(loaded.recipe.dimensions, loaded.recipe.plan);
  const store = openStore(storeFile);
  try {
    store.ensureRun({
      id: runId,
      recipeName: loaded.recipe.name,
      recipeHash: loaded.hash,
      recipe: recipeForStore(loaded.recipe),
      target: loaded.recipe.plan.count,
    });
    store.putPlan(runId, slots);
    for (const slot of slots.slice(0, -1)) store.putRecord(storedRecord(runId, slot.index, slot.cell));
  } finally {
    store.close();
  }
  return { runId, target: loaded.recipe.plan.count };
}

function storedRecord(runId: string, slotIndex: number, cell: Record<string, string>): GeneratedRecord {
  const data = {
    text: `A ${cell.label} review of a ${cell.domain}, stored before this test.`,
    label: cell.label,
  };
  return {
    id: `${runId}-prefilled-${slotIndex}`,
    status: "accepted",
    data,
    provenance: {
      runId,
      round: 1,
      slotIndex,
      attempt: 0,
      cell,
      template: { id: "prefilled", version: "1" },
      messages: [{ role: "user", content: "prefilled" }],
      model: { provider: "prefilled", id: "prefilled" },
      sampling: { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 64, seed: slotIndex },
      fewShot: [],
      strategy: "plain",
      rawOutput: JSON.stringify(data),
      usage: { inputTokens: 0, outputTokens: 0 },
      timing: { startedAt: new Date().toISOString(), durationMs: 0 },
    },
    decisions: [],
  };
}

describe("the README's library example", () => {
  it("builds, type-checks and runs against dist/ as written", async () => {
    execFileSync("npm", ["run", "build"], { cwd: repository, stdio: "pipe" });
    expect(existsSync(path.join(repository, "dist", "index.js"))).toBe(true);

    // A project that depends on synthforge: node_modules/synthforge is this package.
    mkdirSync(path.join(project, "node_modules"));
    symlinkSync(repository, path.join(project, "node_modules", "synthforge"), "dir");
    cpSync(path.join(repository, "examples"), path.join(project, "examples"), { recursive: true });
    writeFileSync(
      path.join(project, "package.json"),
      `${JSON.stringify({ type: "module", private: true })}\n`,
    );
    writeFileSync(path.join(project, "example.ts"), readmeLibraryExample());
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [path.join(repository, "node_modules", "@types")],
        },
        files: ["example.ts"],
      }),
    );
    const typecheck = spawnSync(
      path.join(repository, "node_modules", ".bin", "tsc"),
      ["-p", "tsconfig.json"],
      {
        cwd: project,
        encoding: "utf8",
      },
    );
    expect(typecheck.stdout + typecheck.stderr).toBe("");
    expect(typecheck.status).toBe(0);

    const { runId, target } = await prefillStore(
      path.join(project, ".synthforge", "store.sqlite"),
      path.join(project, "examples", "sentiment-en.yaml"),
    );
    const run = spawnSync(path.join(repository, "node_modules", ".bin", "tsx"), ["example.ts"], {
      cwd: project,
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(run.stderr, run.stderr.slice(-2000)).toContain("run-end");
    expect(run.status).toBe(0);

    const store = openStore(path.join(project, ".synthforge", "store.sqlite"), { mode: "read" });
    try {
      expect(store.countRecords(runId).accepted).toBe(target);
      const generated = store
        .listRecords(runId, { status: "accepted" })
        .filter((record) => record.provenance.model.provider !== "prefilled");
      expect(generated).toHaveLength(1);
      expect(generated[0]!.provenance.model.id).toBe("qwen2.5-coder-1.5b-instruct");
    } finally {
      store.close();
    }
    expect(existsSync(path.join(project, "out", "sentiment-en", "train.jsonl"))).toBe(true);
  }, 300_000);
});
