import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** A PostgreSQL server of its own for a test or a benchmark: a temporary cluster on a free port. */
export interface StartedPostgres {
  /** `postgresql://synthforge@127.0.0.1:PORT/postgres` (trust authentication: no password). */
  url: string;
  /** A URL of a fresh, empty database on the same server. */
  createDatabase(name: string): string;
  stop(): void;
}

/** The newest Debian PostgreSQL server's bin folder (`scripts/ensure-postgres.sh` installs one). */
export function postgresBinDirectory(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "No PostgreSQL server under /usr/lib/postgresql; `sh scripts/ensure-postgres.sh` installs Debian's (npm run test:model runs it first).",
    );
  }
  return path.join(root, versions[0]!, "bin");
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
 * initdb's a cluster in a temporary folder and starts it on a free 127.0.0.1 port (its
 * socket in the same folder), returning once it accepts connections. As root (CI) the
 * server runs as the `postgres` user the Debian package creates, since PostgreSQL refuses
 * to run as root. `stop` shuts it down at once and removes the folder.
 */
export async function startPostgres(options: { fsync?: boolean } = {}): Promise<StartedPostgres> {
  const bin = postgresBinDirectory();
  const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-postgres-"));
  const data = path.join(directory, "data");
  const asRoot = process.getuid?.() === 0;
  let prefix: string[] = [];
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(directory, uid, gid);
    chmodSync(directory, 0o700);
    prefix = ["runuser", "-u", "postgres", "--"];
  }
  const run = (command: string, args: string[]) => {
    const [file, ...rest] = [...prefix, path.join(bin, command), ...args];
    const result = spawnSync(file!, rest, { encoding: "utf8", cwd: directory });
    if (result.status !== 0) {
      const log = existsSync(path.join(directory, "log"))
        ? readFileSync(path.join(directory, "log"), "utf8")
        : "";
      throw new Error(
        `${command} failed (${result.status}): ${result.stderr}${result.stdout}\n${log.slice(-2000)}`,
      );
    }
  };
  run("initdb", ["-D", data, "-U", "synthforge", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${directory}`,
    "-c listen_addresses=127.0.0.1",
    "-c max_connections=200",
    ...(options.fsync === true ? [] : ["-c fsync=off", "-c synchronous_commit=off"]),
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", settings, "-l", path.join(directory, "log"), "-w", "-t", "60", "start"]);
  const url = `postgresql://synthforge@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    createDatabase: (name) => {
      run("psql", [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "synthforge",
        "-d",
        "postgres",
        "-c",
        `CREATE DATABASE ${name}`,
      ]);
      return `postgresql://synthforge@127.0.0.1:${port}/${name}`;
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}
