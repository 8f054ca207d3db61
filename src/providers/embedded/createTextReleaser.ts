/** What one step of a decode may hand to the client. */
export interface Release {
  /** Text newly safe to send. */
  text: string;
  /** Where in the answer a stop string begins, when one has appeared (the answer ends there). */
  stopAt?: number;
}

/**
 * Decides how much of a growing answer can be sent: never text that may turn out to begin a
 * stop string, never half a UTF-8 character (a trailing U+FFFD while a token ends mid-character),
 * and nothing from a stop string on. `next` takes the whole answer decoded so far.
 */
export function createTextReleaser(stops: readonly string[]) {
  const needles = stops.filter((stop) => stop.length > 0);
  const longest = needles.reduce((most, stop) => Math.max(most, stop.length), 0);
  let released = 0;
  return {
    /** Characters of the answer sent so far. */
    get released() {
      return released;
    },
    next(answer: string): Release {
      const from = Math.max(0, released - longest + 1);
      let stopAt: number | undefined;
      for (const needle of needles) {
        const at = answer.indexOf(needle, from);
        if (at >= 0 && (stopAt === undefined || at < stopAt)) stopAt = at;
      }
      if (stopAt !== undefined) {
        const text = answer.slice(released, Math.max(released, stopAt));
        released = Math.max(released, stopAt);
        return { text, stopAt };
      }
      let safe = answer.endsWith("\uFFFD") ? answer.length - 1 : answer.length;
      safe -= heldBack(answer.slice(0, safe), needles);
      if (safe <= released) return { text: "" };
      const text = answer.slice(released, safe);
      released = safe;
      return { text };
    },
    /** The rest of the answer once decoding has ended without a stop string. */
    finish(answer: string): string {
      const text = answer.slice(released);
      released = answer.length;
      return text;
    },
  };
}

/** Length of the longest end of `text` that is the start of a stop string. */
function heldBack(text: string, needles: readonly string[]): number {
  let most = 0;
  for (const needle of needles) {
    for (let length = Math.min(needle.length - 1, text.length); length > most; length--) {
      if (text.endsWith(needle.slice(0, length))) {
        most = length;
        break;
      }
    }
  }
  return most;
}
