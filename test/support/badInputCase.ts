import { z } from "zod";

/**
 * What a run of the store looks like before a case runs: none; `run`, a completed run of
 * `reviews.yaml` in `.synthforge/store.sqlite` (40 accepted records, 4 rejected); `exported`,
 * that run exported to `out/reviews`; `sampled`, that run with its spot-check sample drawn and
 * written to `review-sample.jsonl`.
 */
export const fixtureNames = ["none", "run", "exported", "sampled"] as const;
export type FixtureName = (typeof fixtureNames)[number];

/** `case.json` of one bad-input case in test/corpus/<class>/<case>/. */
export const badInputCaseSchema = z.strictObject({
  /** What is wrong with the input, in words. */
  summary: z.string().min(1),
  /** The command line after `synthforge`, run in a folder holding the case's other files. */
  args: z.array(z.string()),
  fixture: z.enum(fixtureNames).default("none"),
  /** SQLite databases to build from SQL before the case runs (file name → SQL). */
  sqlite: z.record(z.string(), z.string()).default({}),
  /** The exit code expected; never 0. */
  exitCode: z.number().int().min(1),
  /** A regular expression the one error sentence (after `error: `) must match: where, and what. */
  message: z.string().min(1),
  /** Platforms the case applies to [all]. */
  platforms: z.array(z.string()).optional(),
});
export type BadInputCase = z.infer<typeof badInputCaseSchema>;

/** A case as a class module defines it, before scripts/make-bad-input-corpus.ts writes it. */
export interface BadInputCaseDefinition {
  /** Folder name of the case, in kebab case. */
  name: string;
  summary: string;
  args: string[];
  fixture?: FixtureName;
  /** Input files of the case (name → content); they are written beside `case.json`. */
  files?: Record<string, string | Uint8Array>;
  sqlite?: Record<string, string>;
  exitCode: number;
  message: RegExp;
  platforms?: NodeJS.Platform[];
}

/** One class of bad input: a folder of test/corpus. */
export interface BadInputClass {
  /** Folder name, in kebab case. */
  name: string;
  /** What the class covers (written to the class's README line). */
  description: string;
  /** Built lazily: some cases need facts about the fixture, such as the sampled record ids. */
  cases: () => Promise<BadInputCaseDefinition[]>;
}
