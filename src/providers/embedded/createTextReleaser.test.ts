import { describe, expect, it } from "vitest";
import { createTextReleaser } from "./createTextReleaser.js";

/** Feeds an answer token by token and collects what is released, and where it stopped. */
function run(tokens: string[], stops: string[]) {
  const releaser = createTextReleaser(stops);
  let answer = "";
  const released: string[] = [];
  for (const token of tokens) {
    answer += token;
    const release = releaser.next(answer);
    released.push(release.text);
    if (release.stopAt !== undefined) return { released, stopAt: release.stopAt, text: released.join("") };
  }
  released.push(releaser.finish(answer));
  return { released, stopAt: undefined, text: released.join("") };
}

describe("createTextReleaser", () => {
  it("holds back text that may begin a stop string and never sends any of it", () => {
    const result = run(["Hello ", "wor", "ld\n\nUs", "er: more"], ["\n\nUser:"]);
    expect(result.text).toBe("Hello world");
    expect(result.stopAt).toBe(11);
    // "ld" went out only once it was sure "\n\nUs" might be the stop string, never the newlines.
    expect(result.released).toEqual(["Hello ", "wor", "ld", ""]);
  });

  it("releases held text once it turns out not to be a stop string, and all of it at the end", () => {
    expect(run(["a S", "TO", "x b", " ST"], ["STOP"]).released).toEqual(["a ", "", "STOx b", " ", "ST"]);
    expect(run(["a", "b"], []).released).toEqual(["a", "b", ""]);
  });

  it("takes the earliest of several stop strings", () => {
    expect(run(["x END y STOP"], ["STOP", "END"])).toMatchObject({ text: "x ", stopAt: 2 });
  });

  it("waits for the rest of a UTF-8 character a token ended in the middle of", () => {
    // The decoder re-reads the whole answer each token: a half character reads as U+FFFD until the rest comes.
    const releaser = createTextReleaser([]);
    expect(releaser.next("caf").text).toBe("caf");
    expect(releaser.next("caf\uFFFD").text).toBe("");
    expect(releaser.next("café!").text).toBe("é!");
  });
});
