import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type MeasuredSettings,
  measuredSettingsPath,
  readMeasuredSettings,
  writeMeasuredSettings,
} from "./measuredSettings.js";

const sha256 = "a".repeat(64);
const machine = { cpus: 2, cpuModel: "Test CPU" };
const settings: MeasuredSettings = {
  sha256,
  model: "test-model",
  machine,
  measuredAt: "2026-12-06T16:00:00.000Z",
  bench: "bench/generate/settings.ts",
  parallel: 8,
  threads: 2,
  figures: { decodeTokensPerSecondBySequences: { 4: 40, 8: 43 } },
};
const folders: string[] = [];
const cacheDir = () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), "synthforge-settings-"));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("measured settings", () => {
  it("reads back what the bench wrote, on the machine it measured", async () => {
    const cache = cacheDir();
    const file = await writeMeasuredSettings(cache, settings);
    expect(file).toBe(measuredSettingsPath(cache, sha256));
    expect(await readMeasuredSettings(cache, sha256, machine)).toEqual(settings);
  });

  it("ignores settings measured on another machine, for another file, or a file that does not validate", async () => {
    const cache = cacheDir();
    await writeMeasuredSettings(cache, settings);
    expect(await readMeasuredSettings(cache, sha256, { ...machine, cpus: 16 })).toBeUndefined();
    expect(await readMeasuredSettings(cache, "b".repeat(64), machine)).toBeUndefined();
    writeFileSync(measuredSettingsPath(cache, sha256), "{ not json");
    expect(await readMeasuredSettings(cache, sha256, machine)).toBeUndefined();
    writeFileSync(measuredSettingsPath(cache, sha256), JSON.stringify({ ...settings, parallel: 0 }));
    expect(await readMeasuredSettings(cache, sha256, machine)).toBeUndefined();
  });
});
