import type { TermCounts } from "./countTerms.js";

/** The domain-term ratio of docs/metrics.md and what it was computed from. */
export interface DomainTermRatioResult {
  value: number;
  /** "frequency": Σ min(f_gen, f_ref) / Σ f_ref per 1,000 words; "coverage": share of records with a term (no reference). */
  mode: "frequency" | "coverage";
  /** Where the lexicon came from. */
  lexiconSource: "recipe" | "reference";
  terms: { term: string; generatedPerThousand: number; referencePerThousand: number | undefined }[];
}

const perThousand = (count: number, words: number) => (words > 0 ? (count * 1000) / words : 0);

/**
 * DTR = Σ_{t∈L} min(f_gen(t), f_ref(t)) / Σ_{t∈L} f_ref(t) with f = occurrences per 1,000 words;
 * without a reference corpus, the share of generated records containing at least one term.
 */
export function domainTermRatio(
  generated: TermCounts,
  reference: TermCounts | undefined,
  lexiconSource: "recipe" | "reference",
  recordCount: number,
): DomainTermRatioResult {
  const terms = [...generated.counts.keys()].map((term) => ({
    term,
    generatedPerThousand: perThousand(generated.counts.get(term) ?? 0, generated.words),
    referencePerThousand: reference
      ? perThousand(reference.counts.get(term) ?? 0, reference.words)
      : undefined,
  }));
  if (!reference) {
    return {
      value: recordCount > 0 ? generated.textsWithTerm / recordCount : 0,
      mode: "coverage",
      lexiconSource,
      terms,
    };
  }
  let numerator = 0;
  let denominator = 0;
  for (const term of terms) {
    numerator += Math.min(term.generatedPerThousand, term.referencePerThousand!);
    denominator += term.referencePerThousand!;
  }
  return { value: denominator > 0 ? numerator / denominator : 0, mode: "frequency", lexiconSource, terms };
}
