// Writes docs/templates.md from the built-in template library.
// A unit test (src/generate/templates/templateLibraryMarkdown.test.ts) fails when it is stale.
import { writeFileSync } from "node:fs";
import { templateLibraryMarkdown } from "../src/generate/templates/templateLibraryMarkdown.js";

writeFileSync(new URL("../docs/templates.md", import.meta.url), templateLibraryMarkdown());
console.log("wrote docs/templates.md");
