import type { Command } from "commander";
import {
  createModelRegistry,
  type ModelListing,
  type ModelRegistry,
  type ResolvedModel,
} from "../../providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../providers/registry/defaultModels.js";
import type { CliContext } from "../context.js";

/** `synthforge models list | pull | path`: the named models, their cached copies, and downloads. */
export function registerModelsCommand(program: Command, context: CliContext): void {
  const registryFor = (): ModelRegistry =>
    createModelRegistry({ config: context.config, events: context.reporter.sink, signal: context.signal });
  const wantsJson = (command: Command) => command.optsWithGlobals<{ json?: boolean }>().json === true;
  /** JSON lines on stdout with --json, else the human-readable text through the reporter. */
  const show = (command: Command, values: readonly unknown[], text: () => string) => {
    if (wantsJson(command)) for (const value of values) process.stdout.write(`${JSON.stringify(value)}\n`);
    else context.reporter.print(text());
  };

  const models = program
    .command("models")
    .description("List, download and locate the models the embedded provider runs.");
  models
    .command("list")
    .description("List the named models: name, size, whether a copy is cached, and where it lives.")
    .action(async (_flags: unknown, command: Command) => {
      const listings = await registryFor().list();
      show(command, listings, () => formatModelListings(listings));
    });
  models
    .command("pull")
    .description("Download a named model into the cache (if missing) and verify its sha256.")
    .argument("[name]", "registry name (see `synthforge models list`)", defaultModelName)
    .action(async (name: string, _flags: unknown, command: Command) => {
      const resolved = await registryFor().pull(name);
      show(command, [resolved], () => describeResolved(resolved));
    });
  models
    .command("path")
    .description("Print the path of a verified model file, downloading a named model first if needed.")
    .argument("[name]", "registry name or .gguf path", defaultModelName)
    .action(async (reference: string, _flags: unknown, command: Command) => {
      const resolved = await registryFor().resolve(reference);
      // Plain path on stdout even when other output is quiet: it is meant for `$(synthforge models path)`.
      process.stdout.write(wantsJson(command) ? `${JSON.stringify(resolved)}\n` : `${resolved.path}\n`);
    });
}

/** The `models list` table. */
export function formatModelListings(listings: readonly ModelListing[]): string {
  const table = [
    ["name", "size", "cached", "path", "description"],
    ...listings.map((listing) => [
      listing.name,
      formatMegabytes(listing.sizeBytes),
      listing.cached ? "yes" : "no",
      listing.path,
      listing.description,
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function describeResolved(resolved: ResolvedModel): string {
  return `${resolved.name}: ${resolved.path} (${formatMegabytes(resolved.sizeBytes)}, sha256 ${resolved.sha256} verified)`;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
