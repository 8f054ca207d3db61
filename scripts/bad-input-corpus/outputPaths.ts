import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";
import { filledRecipeText } from "../../test/support/fillStore.js";

const notes = { "notes.txt": "A file of the user's, where a folder was asked for.\n" };

/** Output folders and files that cannot be written: a file in the way, /proc, a folder not the export's own. */
export const outputPaths: BadInputClass = {
  name: "output-paths",
  description: "output folders and files that cannot be written where the user asked",
  cases: async (): Promise<BadInputCaseDefinition[]> => [
    {
      name: "export-out-below-a-file",
      summary: "export --out names a folder below a regular file",
      args: ["export", "--out", "notes.txt/data"],
      fixture: "run",
      files: notes,
      exitCode: 2,
      message:
        /^notes\.txt\/data: cannot be created, because notes\.txt is a file, not a folder; expected a folder path\.$/,
    },
    {
      name: "export-out-is-a-file",
      summary: "export --out names a regular file",
      args: ["export", "--out", "notes.txt"],
      fixture: "run",
      files: notes,
      exitCode: 2,
      message: /^notes\.txt: is a file, not a folder; expected a folder for the export\.$/,
    },
    {
      name: "export-out-under-proc",
      summary:
        "export --out names a folder under /proc, where no folder can be made (it used to spin at 100% CPU)",
      args: ["export", "--out", "/proc/synthforge-export"],
      fixture: "run",
      exitCode: 2,
      message:
        /^\/proc\/synthforge-export: cannot create this folder \(at \/proc\/\.synthforge-export\.versions\): .+; expected a folder you can write to\.$/,
      platforms: ["linux"],
    },
    {
      name: "export-out-working-folder",
      summary: "export --out . would make the working folder an export",
      args: ["export", "--out", "."],
      fixture: "run",
      exitCode: 2,
      message: /^\.: is the working folder or one above it; expected a folder of the export's own/,
    },
    {
      name: "export-out-holds-other-files",
      summary: "export --out names a folder holding files the export did not write",
      args: ["export", "--out", "mine"],
      fixture: "run",
      files: { "mine/notes.txt": "Mine.\n", "mine/train.jsonl": "{}\n" },
      exitCode: 2,
      message:
        /^mine: holds files an export did not write \(notes\.txt\); expected an empty folder or an earlier export/,
    },
    {
      name: "export-again-out-is-a-file",
      summary: "an exported run exported again with --out naming a file leaves the first export as it was",
      args: ["export", "reviews.yaml", "--out", "notes.txt"],
      fixture: "exported",
      files: notes,
      exitCode: 2,
      message: /^notes\.txt: is a file, not a folder; expected a folder for the export\.$/,
    },
    {
      name: "run-out-below-a-file",
      summary: "run --out below a regular file is refused before any model loads or any store is made",
      args: ["run", "recipe.yaml", "--out", "notes.txt/data"],
      files: { ...notes, "recipe.yaml": filledRecipeText },
      exitCode: 2,
      message:
        /^notes\.txt\/data: cannot be created, because notes\.txt is a file, not a folder; expected a folder path\.$/,
    },
    {
      name: "run-store-below-a-file",
      summary: "run --store names a file below a regular file",
      args: ["run", "recipe.yaml", "--store", "notes.txt/store.sqlite"],
      files: { ...notes, "recipe.yaml": filledRecipeText },
      exitCode: 1,
      message:
        /^Cannot read the store notes\.txt\/store\.sqlite: a part of the path is a file, not a folder\.$/,
    },
    {
      name: "review-sample-out-below-a-file",
      summary: "review sample --out names a file below a regular file; the sample is not recorded",
      args: ["review", "sample", "--out", "notes.txt/sample.jsonl"],
      fixture: "run",
      files: notes,
      exitCode: 2,
      message:
        /^notes\.txt\/sample\.jsonl: cannot be created, because notes\.txt is a file, not a folder; expected a folder path\.$/,
    },
    {
      name: "report-out-below-a-file",
      summary: "report --out below a regular file is refused before the quality checks store anything",
      args: ["report", "--out", "notes.txt/report"],
      fixture: "run",
      files: notes,
      exitCode: 2,
      message:
        /^notes\.txt\/report: cannot be created, because notes\.txt is a file, not a folder; expected a folder path\.$/,
    },
    {
      name: "train-out-below-a-file",
      summary: "train --out below a regular file is refused before the worker is set up or a store is made",
      args: ["train", "--data", "data.jsonl", "--out", "notes.txt/train"],
      files: { ...notes, "data.jsonl": '{"text":"Great.","label":"positive"}\n' },
      exitCode: 2,
      message:
        /^notes\.txt\/train: cannot be created, because notes\.txt is a file, not a folder; expected a folder path\.$/,
    },
    {
      name: "check-report-dir-below-a-file",
      summary: "check --report-dir below a regular file is refused before the quality checks store anything",
      args: ["check", "--report-dir", "notes.txt/quality"],
      fixture: "run",
      files: notes,
      exitCode: 2,
      message:
        /^notes\.txt\/quality: cannot be created, because notes\.txt is a file, not a folder; expected a folder path\.$/,
    },
  ],
};
