/** One few-shot example read from a seed file. */
export interface SeedExample {
  /** `<file name>:<line>`, recorded in provenance (`fewShot`). */
  id: string;
  /** The example as a record of the output schema's fields. */
  fields: Record<string, unknown>;
}
