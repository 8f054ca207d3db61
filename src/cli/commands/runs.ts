import type { Command } from "commander";
import { UsageError } from "../../core/errors/UsageError.js";
import { formatReasonTable } from "../../quality/formatReasonTable.js";
import { judgeStatistics } from "../../quality/metrics/judgeStatistics.js";
import { reasonCode } from "../../quality/recordExamples.js";
import { formatRunCost, runCost } from "../../report/cost/runCost.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import { hasSlotClaims, type SlotClaims } from "../../store/SlotClaims.js";
import type { Store } from "../../store/Store.js";
import type { CliContext } from "../context.js";

/**
 * `synthforge runs list`: the runs in a store, newest first, with their progress.
 * `synthforge runs show <run>`: one run's rounds (their summary lines) and its records by
 * strategy, with the majority-vote agreement rate; on a Postgres store, the run's generator
 * processes (`run --worker`): live or not, state, records and rate, tokens and cost.
 */
export function registerRunsCommand(program: Command, context: CliContext): void {
  const runs = program.command("runs").description("Inspect the runs kept in a store.");
  runs
    .command("list")
    .description("List runs, newest first: id, recipe, status, accepted/target, rejected, last update.")
    .option("--store <file|url>", "SQLite store file (default: .synthforge/store.sqlite) or postgres:// URL")
    .action((flags: { store?: string }, command: Command) => {
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      const store = openStore(flags.store ?? defaultStorePath(), { mode: "read" });
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
  runs
    .command("show")
    .description("Show one run: its rounds with their summaries, records by strategy, vote agreement.")
    .argument("[run]", "run id or a unique prefix of it (default: the latest run)")
    .option("--store <file|url>", "SQLite store file (default: .synthforge/store.sqlite) or postgres:// URL")
    .action((id: string | undefined, flags: { store?: string }) => {
      const store = openStore(flags.store ?? defaultStorePath(), { mode: "read" });
      try {
        context.reporter.print(describeRun(store, id));
      } finally {
        store.close();
      }
    });
}

function describeRun(store: Store, id: string | undefined): string {
  const matches =
    id === undefined
      ? [store.latestRun()].flatMap((run) => (run ? [run] : []))
      : store.listRuns().filter((run) => run.id.startsWith(id));
  if (matches.length !== 1) {
    throw new UsageError(
      matches.length === 0
        ? `<run>: no run ${id === undefined ? "in this store" : `starts with "${id}"`}; see \`synthforge runs list\`.`
        : `<run>: "${id}" matches ${matches.length} runs; give more of the id.`,
    );
  }
  const run = matches[0]!;
  const counts = store.countRecords(run.id);
  const records = store.listRecords(run.id);
  const lines = [
    `Run ${run.id} (${run.recipeName}), ${run.status}: ${counts.accepted} of ${run.target} accepted, ${counts.rejected} rejected`,
  ];
  for (const round of store.listRounds(run.id)) {
    const summary = Object.entries(round.summary ?? {})
      .map(([key, value]) => `${key} ${value}`)
      .join(", ");
    lines.push(`  round ${round.round}${round.endedAt ? "" : " (unfinished)"}: ${summary}`);
  }
  const reasons = new Map<string, { count: number; example: string | undefined }>();
  for (const record of records) {
    if (record.status !== "rejected") continue;
    const code = reasonCode(record.reason);
    const detail = record.decisions.find((decision) => decision.decision === "reject")?.reason;
    const entry = reasons.get(code) ?? { count: 0, example: detail ?? record.reason };
    entry.count += 1;
    reasons.set(code, entry);
  }
  const reasonTable = formatReasonTable(
    [...reasons].map(([reason, { count, example }]) => ({ reason, count, ...(example ? { example } : {}) })),
  );
  const byStrategy = new Map<string, { accepted: number; rejected: number }>();
  for (const record of records) {
    const entry = byStrategy.get(record.provenance.strategy) ?? { accepted: 0, rejected: 0 };
    entry[record.status] += 1;
    byStrategy.set(record.provenance.strategy, entry);
  }
  for (const [strategy, entry] of [...byStrategy].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  strategy ${strategy}: ${entry.accepted} accepted, ${entry.rejected} rejected`);
  }
  const votes = records.flatMap((record) =>
    record.decisions.filter((decision) => decision.check === "majority-vote"),
  );
  if (votes.length > 0) {
    const agreeing = votes.filter((decision) => decision.decision === "pass").length;
    const rates = votes.map((decision) =>
      Number((decision.details as { agreement?: number })?.agreement ?? 0),
    );
    const mean = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
    lines.push(
      `  majority vote: ${agreeing} of ${votes.length} votes agreed (${((agreeing / votes.length) * 100).toFixed(1)}%), mean agreement ${mean.toFixed(3)}`,
    );
  }
  const judged = judgeStatistics(records);
  if (judged) {
    lines.push(
      `  judge: ${judged.confirmed} of ${judged.judged} labels confirmed (${(judged.confirmedShare * 100).toFixed(1)}%), ${(judged.agreementRate * 100).toFixed(1)}% of annotations agreeing${judged.rubric ? `; rubric mean ${judged.rubric.mean.toFixed(2)} over ${judged.rubric.scored}` : ""}`,
    );
  }
  lines.push(reasonTable.replace(/^/gm, "  "));
  if (hasSlotClaims(store)) lines.push(...describeWorkers(store, run.id));
  lines.push(...formatRunCost(runCost(store, run.id)).map((line) => `  ${line}`));
  return lines.join("\n");
}

/** The generator processes of a run in a Postgres store, live ones first, with the run's total rate. */
function describeWorkers(store: Store & SlotClaims, runId: string): string[] {
  const workers = store.listWorkers(runId);
  if (workers.length === 0) return [];
  const live = workers.filter((worker) => worker.live);
  const liveRate = live.reduce((sum, worker) => sum + worker.recordsPerSecond, 0);
  const cost = workers.reduce((sum, worker) => sum + worker.costUsd, 0);
  const tokens = workers.reduce((sum, worker) => sum + worker.inputTokens + worker.outputTokens, 0);
  const lines = [
    `  workers: ${live.length} live of ${workers.length}${live.length > 0 ? `, ${liveRate.toFixed(1)} records/s together` : ""}; ${tokens} tokens, $${cost.toFixed(4)} across workers`,
  ];
  for (const worker of [...live, ...workers.filter((each) => !each.live)]) {
    lines.push(
      `    ${worker.workerId}  ${worker.live ? "live" : "gone"}  ${worker.state}  ${worker.records} records (${worker.accepted} accepted), ${worker.recordsPerSecond.toFixed(1)}/s, last heartbeat ${worker.heartbeatAt.replace("T", " ").slice(0, 19)}`,
    );
  }
  return lines;
}
