import { stringify } from "csv-stringify/sync";

/** One record of the spot-check sample as written for reviewers. */
export interface SampleLine {
  id: string;
  text: string;
  label: string | undefined;
  /** Control-dimension values, joined as `name=value; ...` in CSV. */
  cell: Record<string, string>;
}

/**
 * The sample as a review file: JSONL (one object per line) or CSV with a header, each with
 * empty `verdict` and `reason` for the reviewer to fill in ("correct" or "wrong" + reason).
 */
export function formatSpotCheckSample(lines: readonly SampleLine[], format: "jsonl" | "csv"): string {
  if (format === "jsonl") {
    return lines
      .map((line) =>
        JSON.stringify({
          id: line.id,
          text: line.text,
          label: line.label ?? null,
          cell: line.cell,
          verdict: "",
          reason: "",
        }),
      )
      .join("\n")
      .concat(lines.length > 0 ? "\n" : "");
  }
  return stringify(
    lines.map((line) => [
      line.id,
      line.text,
      line.label ?? "",
      Object.entries(line.cell)
        .map(([name, value]) => `${name}=${value}`)
        .join("; "),
      "",
      "",
    ]),
    { header: true, columns: ["id", "text", "label", "cell", "verdict", "reason"] },
  );
}
