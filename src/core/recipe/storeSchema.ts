import { z } from "zod";

/**
 * Where `synthforge run` keeps the run when no `--store` is given: a PostgreSQL database
 * shared by several generator processes. The password never goes in the recipe: it comes from
 * PGPASSWORD (or the other PG* variables) on each machine.
 */
export const storeSchema = z
  .strictObject({
    url: z
      .string()
      .regex(
        /^postgres(?:ql)?:\/\/\S+$/i,
        "a postgres:// URL such as postgres://synthforge@db.internal/synthforge",
      )
      .refine((url) => {
        try {
          return new URL(url).password === "";
        } catch {
          return false;
        }
      }, "a URL without a password (set PGPASSWORD in the environment instead)")
      .describe(
        "PostgreSQL database of the run (`postgres://user@host:port/database`), used by `synthforge run` when no --store is given; the password comes from PGPASSWORD, never from the recipe.",
      ),
  })
  .describe("The store of the run, for several generator processes (`synthforge run --worker`).");
