#!/usr/bin/env bash
# Run every benchmark: builds the release binary, installs Debian's sqlite3
# shell (the baseline) when it is missing, and prints a table of figures.
# usage: bench/bench.sh [ROWS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "installing sqlite3 (the baseline) ..." >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq sqlite3 >/dev/null
fi
cargo build --release --quiet
exec python3 bench/run.py target/release/ftc "${1:-100000}"
