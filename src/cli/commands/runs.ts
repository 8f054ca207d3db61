import type { Command } from "commander";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import type { CliContext } from "../context.js";

/** `synthforge runs list`: the runs in a store, newest first, with their progress. */
export function registerRunsCommand(program: Command, context: CliContext): void {
  const runs = program.command("runs").description("Inspect the runs kept in a store.");
  runs
    .command("list")
    .description("List runs, newest first: id, recipe, status, accepted/target, rejected, last update.")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .action((flags: { store?: string }, command: Command) => {
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      const store = openStore(flags.store ?? defaultStorePath());
      try {
        const rows = store.listRuns().map((run) => ({ ...run, ...store.countRecords(run.id) }));
        if (json) {
          for (const row of rows) {
            const { recipe: _recipe, ...rest } = row;
            process.stdout.write(`${JSON.stringify(rest)}\n`);
          }
          return;
        }
        if (rows.length === 0) {
          context.reporter.print("No runs yet.");
          return;
        }
        const table = [
          ["run", "recipe", "status", "accepted", "rejected", "updated"],
          ...rows.map((row) => [
            row.id,
            row.recipeName,
            row.status,
            `${row.accepted}/${row.target}`,
            String(row.rejected),
            row.updatedAt.replace("T", " ").slice(0, 19),
          ]),
        ];
        const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
        context.reporter.print(
          table
            .map((line) =>
              line
                .map((cell, column) => cell.padEnd(widths[column]!))
                .join("  ")
                .trimEnd(),
            )
            .join("\n"),
        );
      } finally {
        store.close();
      }
    });
}
