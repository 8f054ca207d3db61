import { SynthforgeError } from "../../core/errors/SynthforgeError.js";

/** A recipe or command names a built-in template id that does not exist. */
export class UnknownTemplateError extends SynthforgeError {
  /** The id as given. */
  readonly id: string;
  /** The closest existing ids, best first. */
  readonly suggestions: string[];

  constructor(id: string, suggestions: string[]) {
    super(
      `Unknown template id "${id}"${suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""} (\`synthforge templates list\` shows them all).`,
      { exitCode: 2 },
    );
    this.id = id;
    this.suggestions = suggestions;
  }
}
