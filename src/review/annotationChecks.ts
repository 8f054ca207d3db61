/** The check name of the vote's decision on every record of an annotation run (`synthforge annotate`). */
export const annotationVoteCheck = "annotation-vote";

/** The check name of the label a reviewer gave a row of an annotation run (`synthforge review import`). */
export const humanLabelCheck = "human-label";

/** Ids of the records whose annotation votes did not agree (flagged as disputed), in the order given. */
export function disputedRecordIds(
  records: readonly { id: string; decisions: readonly { check: string; decision: string }[] }[],
): string[] {
  return records
    .filter((record) =>
      record.decisions.some(
        (decision) => decision.check === annotationVoteCheck && decision.decision === "flag",
      ),
    )
    .map((record) => record.id);
}
