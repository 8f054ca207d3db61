import type { BadInputClass } from "../../test/support/badInputCase.js";
import { annotateInput } from "./annotateInput.js";
import { encodings } from "./encodings.js";
import { outputPaths } from "./outputPaths.js";
import { recipeChecks } from "./recipeChecks.js";
import { recipeYaml } from "./recipeYaml.js";
import { reviewImport } from "./reviewImport.js";
import { storeFiles } from "./storeFiles.js";

/** Every class of the bad-input corpus: add a module beside this one and list it here. */
export const badInputClasses: BadInputClass[] = [
  outputPaths,
  storeFiles,
  recipeYaml,
  reviewImport,
  encodings,
  recipeChecks,
  annotateInput,
];
