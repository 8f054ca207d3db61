/**
 * One record as the quality stage sees it, whether it came from a run or from a user's file.
 * Records are in generation order: the earliest of a duplicate cluster is kept.
 */
export interface DatasetRecord {
  /** Record id (run records) or `line:N` (files). */
  id: string;
  /** The text field; undefined when the record did not parse or validate. */
  text: string | undefined;
  /** The label field as a string, when the data has one. */
  label: string | undefined;
  /** Control-dimension values the record was generated under (empty for user data). */
  cell: Record<string, string>;
  /** Everything the record says besides its text (label or other fields), to tell contradictions. */
  output: string;
  /** False when the output failed to parse or validate against the output schema. */
  valid: boolean;
  /** The prompt the text was generated from (run records): a text that copies it leaks the prompt. */
  prompt?: string;
  /** Every field as text (the record's data, or the file's columns), for the field pairs BERTScore compares. */
  fields?: Record<string, string>;
  /** The record's fields as they are (lists and objects kept), for the checks of each field's kind. */
  data?: Record<string, unknown>;
  /** True when the model stopped at its token limit while writing it. */
  stoppedAtTokenLimit?: boolean;
}
