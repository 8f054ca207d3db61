import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../../test/support/captureOutput.js";
import { configFromEnvironment } from "../../core/config.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { runRecipe } from "../../pipeline/run/runRecipe.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import { openStore } from "../../store/openStore.js";
import { main } from "../main.js";

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-runs-"));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

describe("synthforge runs show", () => {
  it("prints the rounds, the records by strategy and the vote agreement", async () => {
    const storeFile = path.join(directory, "store.sqlite");
    const store = openStore(storeFile);
    const loaded = parseRecipe(
      `
name: votes
description: Reviews.
output:
  schema:
    type: object
    properties: { text: { type: string }, label: { type: string } }
    required: [text, label]
  labelField: label
dimensions: { label: [positive, negative] }
plan: { count: 2 }
template: { prompt: "Write a {{ label }} review." }
strategies: { majorityVote: { samples: 3 } }
judge: { enabled: false }
`,
      path.join(directory, "votes.yaml"),
    );
    const model = createFakeModel({
      parallelism: 3,
      respond: (request) => {
        const label = /Write a (\w+) review/.exec(request.messages.at(-1)!.content)![1];
        return {
          text: `Dinner was ${label === "positive" ? "lovely" : "awful"}, seed ${request.sampling.seed}.`,
          label,
        };
      },
    });
    const summary = await runRecipe(loaded, {
      store,
      model,
      config: configFromEnvironment({}),
      skipExport: true,
    });
    store.close();

    const { out } = captureOutput();
    expect(
      await main(["node", "synthforge", "runs", "show", summary.runId.slice(0, 8), "--store", storeFile]),
    ).toBe(0);
    const text = out.join("");
    expect(text).toContain(`Run ${summary.runId} (votes), completed: 2 of 2 accepted`);
    expect(text).toMatch(/round 1: accepted 2, .*vote agreement 1/);
    expect(text).toContain("strategy majority-vote: 2 accepted, 0 rejected");
    expect(text).toContain("majority vote: 2 of 2 votes agreed (100.0%), mean agreement 1.000");
  });

  it("names a run id that matches nothing", async () => {
    const { err } = captureOutput();
    const storeFile = path.join(directory, "empty.sqlite");
    openStore(storeFile).close();
    expect(await main(["node", "synthforge", "runs", "show", "nope", "--store", storeFile])).toBe(2);
    expect(err.join("")).toContain('no run starts with "nope"');
  });

  it("says a mistyped store path holds no store, and creates none", async () => {
    const { out, err } = captureOutput();
    const storeFile = path.join(directory, "typo", "store.sqlite");
    expect(await main(["node", "synthforge", "runs", "list", "--store", storeFile])).toBe(1);
    expect(out.join("")).toBe("");
    expect(err.join("")).toBe(
      `error: No store at ${storeFile}; \`synthforge run <recipe>\` creates one, or pass --store with the path of an existing store.\n`,
    );
    expect(readdirSync(directory)).toEqual([]);
  });
});
