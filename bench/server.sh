#!/usr/bin/env bash
# The team server beside the file (bench/server.py): builds the release
# binary, starts a throwaway PostgreSQL cluster on loopback (as a user
# of its own when run as root), runs the measurements, stops the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq sqlite3 >/dev/null; }
pgbin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pgbin=$d; done
[ -n "$pgbin" ] || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; for d in /usr/lib/postgresql/*/bin; do pgbin=$d; done; }
cargo build --release --quiet
dir=$(mktemp -d /tmp/ftc-bench-pg.XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
as=""
if [ "$(id -u)" = 0 ]; then
    id ftcci >/dev/null 2>&1 || useradd --system --no-create-home ftcci
    chown ftcci "$dir"
    as="runuser -u ftcci --"
fi
# Over loopback, as SPEC 5 measures the server (trust: a throwaway cluster
# that listens on 127.0.0.1 only).
$as "$pgbin/initdb" --no-sync -D "$dir/data" -U postgres --locale=C -E UTF8 --auth-local=trust --auth-host=trust >/dev/null 2>&1
$as "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-k $dir -p $port -c listen_addresses=127.0.0.1" start >/dev/null
trap '$as "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
command -v psql >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql-client >/dev/null; }
python3 bench/server.py target/release/ftc "postgres://postgres@127.0.0.1:$port"
