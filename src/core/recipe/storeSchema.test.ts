import { describe, expect, it } from "vitest";
import { storeSchema } from "./storeSchema.js";

describe("storeSchema", () => {
  it("takes a postgres URL without a password", () => {
    expect(storeSchema.parse({ url: "postgres://synthforge@db.internal:5432/runs" })).toEqual({
      url: "postgres://synthforge@db.internal:5432/runs",
    });
  });

  it("refuses a password in the recipe, and anything that is not a postgres URL", () => {
    const withPassword = storeSchema.safeParse({ url: "postgres://synthforge:secret@db.internal/runs" });
    expect(withPassword.success).toBe(false);
    expect(withPassword.error?.issues[0]?.message).toMatch(/without a password .*PGPASSWORD/);
    expect(storeSchema.safeParse({ url: ".synthforge/store.sqlite" }).success).toBe(false);
  });
});
