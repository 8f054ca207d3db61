import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../../test/support/captureOutput.js";
import { main } from "../main.js";

const recipe = fileURLToPath(new URL("../../../examples/instruction-en.yaml", import.meta.url));
let folder: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("synthforge evaluate <recipe> --train-dir <dir> --no-held-out", () => {
  // A student trained on a file of its own (`train --data`) is evaluated on the recipe's real
  // reference; the recipe's export, which it never read, is not asked for.
  it("does not need the recipe's export", async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), "synthforge-evaluate-"));
    const trainDir = path.join(folder, "train");
    const { err } = captureOutput();
    const code = await main([
      "node",
      "synthforge",
      "evaluate",
      recipe,
      "--train-dir",
      trainDir,
      "--no-held-out",
      "--export-dir",
      path.join(folder, "no-export"),
      "--store",
      path.join(folder, "store.sqlite"),
    ]);
    expect(code).not.toBe(0);
    const message = err.join("");
    expect(message).not.toContain("no generated data");
    expect(message).toContain(trainDir);
  });
});
