/**
 * Name of the run artifact (kind "spot-check-sample") holding the drawn spot-check sample,
 * `{ ids, drawnAt, settings }`: the review stage writes it, the quality stage reads it.
 */
export const spotCheckArtifactName = "sample";
