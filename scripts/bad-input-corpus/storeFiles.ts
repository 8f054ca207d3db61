import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";
import { filledRecipeText } from "../../test/support/fillStore.js";

const foreignSql = `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO notes (body) VALUES ('a note of another application');
PRAGMA user_version = 3;
`;
const foreignWalSql = `PRAGMA journal_mode = WAL;\n${foreignSql}`;
const foreignMessage = (file: string) =>
  new RegExp(
    `^${file.replace(/\./g, "\\.")} is an SQLite database of another application \\(tables notes\\), not a Synthforge store; refusing to change it`,
  );

/** --store paths that hold no store, or something else: commands create and change nothing. */
export const storeFiles: BadInputClass = {
  name: "store-files",
  description:
    "--store paths that hold no Synthforge store: mistyped, another application's database, other files",
  cases: async (): Promise<BadInputCaseDefinition[]> => [
    {
      name: "runs-list-mistyped-store",
      summary:
        "runs list with a mistyped --store says there is no store there (not 'No runs yet') and creates none",
      args: ["runs", "list", "--store", ".synthforge/stor.sqlite"],
      fixture: "run",
      exitCode: 1,
      message:
        /^No store at \.synthforge\/stor\.sqlite; `synthforge run <recipe>` creates one, or pass --store with the path of an existing store\.$/,
    },
    {
      name: "runs-list-no-store-yet",
      summary: "runs list in a folder without a store creates none",
      args: ["runs", "list"],
      exitCode: 1,
      message: /^No store at \S*\.synthforge\/store\.sqlite; `synthforge run <recipe>` creates one/,
    },
    {
      name: "export-mistyped-store",
      summary: "export with a mistyped --store creates no store",
      args: ["export", "--store", "typo/store.sqlite"],
      exitCode: 1,
      message: /^No store at typo\/store\.sqlite; /,
    },
    {
      name: "runs-show-foreign-database",
      summary:
        "runs show on another application's SQLite database leaves it untouched (no tables, no user_version)",
      args: ["runs", "show", "--store", "other.db"],
      sqlite: { "other.db": foreignSql },
      exitCode: 1,
      message: foreignMessage("other.db"),
    },
    {
      name: "runs-list-foreign-wal-database",
      summary: "runs list on another application's database in WAL mode leaves no -wal or -shm file behind",
      args: ["runs", "list", "--store", "other.db"],
      sqlite: { "other.db": foreignWalSql },
      exitCode: 1,
      message: foreignMessage("other.db"),
    },
    {
      name: "run-into-foreign-database",
      summary: "run with --store naming another application's database does not migrate it",
      args: ["run", "recipe.yaml", "--store", "other.db"],
      files: { "recipe.yaml": filledRecipeText },
      sqlite: { "other.db": foreignSql },
      exitCode: 1,
      message: foreignMessage("other.db"),
    },
    {
      name: "review-import-foreign-database",
      summary: "review import into another application's database stores nothing there",
      args: ["review", "import", "verdicts.jsonl", "--store", "other.db"],
      files: { "verdicts.jsonl": '{"id":"x","verdict":"correct"}\n' },
      sqlite: { "other.db": foreignSql },
      exitCode: 1,
      message: foreignMessage("other.db"),
    },
    {
      name: "runs-list-text-file",
      summary: "runs list with --store naming a text file",
      args: ["runs", "list", "--store", "notes.txt"],
      files: { "notes.txt": "Not a database at all, just some notes of the user's.\n".repeat(4) },
      exitCode: 1,
      message:
        /^notes\.txt is not a Synthforge store \(it is not an SQLite database\); refusing to change it/,
    },
    {
      name: "runs-list-empty-file",
      summary: "runs list with --store naming an empty file",
      args: ["runs", "list", "--store", "empty.sqlite"],
      files: { "empty.sqlite": "" },
      exitCode: 1,
      message: /^empty\.sqlite is an empty file, not a Synthforge store; /,
    },
    {
      name: "run-store-under-proc",
      summary: "run --store names a file under /proc, where no folder can be made",
      args: ["run", "recipe.yaml", "--store", "/proc/synthforge/store.sqlite"],
      files: { "recipe.yaml": filledRecipeText },
      exitCode: 2,
      message:
        /^\/proc\/synthforge\/store\.sqlite: cannot create this folder \(at \/proc\/synthforge\): .+; expected a folder you can write to\.$/,
      platforms: ["linux"],
    },
    {
      name: "export-store-is-a-folder",
      summary: "export with --store naming a folder",
      args: ["export", "--store", ".synthforge"],
      fixture: "run",
      exitCode: 1,
      message: /^\.synthforge is a folder; expected a store file, such as \.synthforge\/store\.sqlite\.$/,
    },
  ],
};
