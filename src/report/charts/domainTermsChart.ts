import type { TopLevelSpec } from "vega-lite";
import type { DomainTermRatioResult } from "../../quality/metrics/domainTermRatio.js";

/** Occurrences per 1,000 words of the top lexicon terms, accepted data against the reference. */
export function domainTermsChart(result: DomainTermRatioResult): TopLevelSpec | undefined {
  const terms = [...result.terms]
    .sort(
      (a, b) =>
        (b.referencePerThousand ?? b.generatedPerThousand) -
        (a.referencePerThousand ?? a.generatedPerThousand),
    )
    .slice(0, 15);
  if (terms.length === 0) return undefined;
  const values = terms.flatMap((term) => [
    { term: term.term, series: "accepted", value: term.generatedPerThousand },
    ...(term.referencePerThousand === undefined
      ? []
      : [{ term: term.term, series: "reference", value: term.referencePerThousand }]),
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Domain terms (${result.lexiconSource === "recipe" ? "recipe lexicon" : "extracted from the reference"})`,
    width: 320,
    data: { values },
    mark: { type: "bar", cornerRadiusEnd: 3 },
    encoding: {
      y: { field: "term", type: "nominal", title: null, sort: null },
      yOffset: { field: "series" },
      x: { field: "value", type: "quantitative", title: "per 1,000 words" },
      color: { field: "series", type: "nominal", title: null },
      tooltip: [{ field: "term" }, { field: "series" }, { field: "value", format: ".2f" }],
    },
  };
}
