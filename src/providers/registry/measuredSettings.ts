import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** The machine a measurement was made on: settings measured elsewhere are not used here. */
export const machineSchema = z.object({
  /** CPU cores llama.cpp's host sees (`os.availableParallelism()`). */
  cpus: z.number().int().positive(),
  /** The first core's model name (`os.cpus()[0].model`). */
  cpuModel: z.string(),
});
export type Machine = z.infer<typeof machineSchema>;

/**
 * Settings of one model file chosen from measurement on one machine (`npm run bench:settings`),
 * with the figures they were chosen from. A run on that machine takes them as its defaults; a
 * recipe's `model.parallel` and `model.threads` still override them. Neither changes which
 * records a run makes, so neither enters the run's identity.
 */
export const measuredSettingsSchema = z.object({
  /** sha256 of the model file measured. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Registry name or file name, for people reading the file. */
  model: z.string(),
  machine: machineSchema,
  measuredAt: z.string(),
  /** The bench that measured, e.g. `bench/generate/settings.ts`. */
  bench: z.string(),
  /** Sequences decoded in parallel. */
  parallel: z.number().int().positive(),
  /** CPU threads for decoding and prompt evaluation. */
  threads: z.number().int().positive(),
  /** What the choice was made from (tokens/s per setting), as the bench wrote it. */
  figures: z.record(z.string(), z.unknown()),
});
export type MeasuredSettings = z.infer<typeof measuredSettingsSchema>;

/** This machine, as measured settings name it. */
export function currentMachine(): Machine {
  return { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? "unknown" };
}

/** Where the measured settings of a model file live: `<cache>/settings/<sha256>.json`. */
export function measuredSettingsPath(cacheDir: string, sha256: string): string {
  return path.join(cacheDir, "settings", `${sha256}.json`);
}

/**
 * The measured settings of the model file with `sha256` on `machine`, or undefined when none
 * were measured there (no file, another machine, or a file that does not validate: a run then
 * falls back to the registry's defaults rather than failing on a stale cache file).
 */
export async function readMeasuredSettings(
  cacheDir: string,
  sha256: string,
  machine: Machine = currentMachine(),
): Promise<MeasuredSettings | undefined> {
  const text = await readFile(measuredSettingsPath(cacheDir, sha256), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let parsed: ReturnType<typeof measuredSettingsSchema.safeParse>;
  try {
    parsed = measuredSettingsSchema.safeParse(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.sha256 !== sha256) return undefined;
  const measuredOn = parsed.data.machine;
  return measuredOn.cpus === machine.cpus && measuredOn.cpuModel === machine.cpuModel
    ? parsed.data
    : undefined;
}

/** Writes measured settings (atomically) where {@link readMeasuredSettings} finds them; returns the path. */
export async function writeMeasuredSettings(cacheDir: string, settings: MeasuredSettings): Promise<string> {
  const file = measuredSettingsPath(cacheDir, measuredSettingsSchema.parse(settings).sha256);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.partial`;
  await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`);
  await rename(temporary, file);
  return file;
}
