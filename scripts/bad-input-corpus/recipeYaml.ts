import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";

/** Aliases of aliases, each level nine times the one below: 9^8 strings from a few hundred bytes. */
function aliasBomb(): string {
  const levels = ["a", "b", "c", "d", "e", "f", "g", "h"];
  return `${levels
    .map((name, index) =>
      index === 0
        ? `${name}: &${name} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
        : `${name}: &${name} [${Array(9)
            .fill(`*${levels[index - 1]}`)
            .join(", ")}]`,
    )
    .join("\n")}\nname: bomb\n`;
}

/** Recipes whose YAML exhausts memory or the stack when read naively. */
export const recipeYaml: BadInputClass = {
  name: "recipe-yaml",
  description: "recipe YAML that exhausts memory or the stack when read naively",
  cases: async (): Promise<BadInputCaseDefinition[]> => [
    {
      name: "alias-bomb-run",
      summary: "run with a YAML alias bomb ('billion laughs') as the recipe",
      args: ["run", "bomb.yaml"],
      files: { "bomb.yaml": aliasBomb() },
      exitCode: 2,
      message:
        /^bomb\.yaml:2:8: uses YAML aliases \(\*name\) that expand into too many copies \(more than 100\)/,
    },
    {
      name: "alias-bomb-export",
      summary: "export naming a YAML alias bomb as its recipe leaves the store and the export as they were",
      args: ["export", "bomb.yaml"],
      fixture: "exported",
      files: { "bomb.yaml": aliasBomb() },
      exitCode: 2,
      message: /^bomb\.yaml:2:8: uses YAML aliases/,
    },
    {
      name: "deeply-nested",
      summary: "a recipe nested 20,000 lists deep",
      args: ["run", "deep.yaml"],
      files: { "deep.yaml": `name: deep\nplan: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n` },
      exitCode: 2,
      message: /^deep\.yaml:\d+:\d+: /,
    },
  ],
};
