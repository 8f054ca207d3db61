// Runs once before the model tier: pulls and verifies the default teacher and student, and the
// larger teacher the README's main recipe names, so that no test
// pays for (or times out on) the download, and a missing network fails here with the list
// of sources tried instead of in every test.
import { configFromEnvironment } from "../../src/core/config.js";
import type { SynthforgeEvent } from "../../src/core/events.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import {
  defaultModelName,
  defaultStudentModelName,
  largerTeacherModelName,
} from "../../src/providers/registry/defaultModels.js";

export default async function setup(): Promise<void> {
  let lastPercent = -1;
  const events = (event: SynthforgeEvent) => {
    if (event.type === "log" && event.level !== "debug")
      process.stderr.write(`model tier: ${event.message}\n`);
    if (event.type === "download" && event.totalBytes) {
      const percent = Math.floor((event.receivedBytes / event.totalBytes) * 10) * 10;
      if (percent !== lastPercent) {
        lastPercent = percent;
        process.stderr.write(
          `model tier: downloading ${event.what}: ${percent}% of ${(event.totalBytes / 1e6).toFixed(0)} MB\n`,
        );
      }
    }
  };
  const registry = createModelRegistry({ config: configFromEnvironment(), events });
  for (const name of [defaultModelName, defaultStudentModelName, largerTeacherModelName]) {
    lastPercent = -1;
    const resolved = await registry.pull(name);
    process.stderr.write(`model tier: ${resolved.name} ready at ${resolved.path}\n`);
  }
}
