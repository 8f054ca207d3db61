/** A real reference corpus: the texts (and labels) read from the user's file. */
export interface ReferenceCorpus {
  file: string;
  texts: string[];
  labels: (string | undefined)[];
}
