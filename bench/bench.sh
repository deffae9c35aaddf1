#!/usr/bin/env bash
# Run every benchmark: builds the release binary, installs Debian's sqlite3
# shell and Taskwarrior (the baselines) when missing, and prints a table of
# figures. FTC_BENCH_SKIP_MILLION=1 skips the 1,000,000-row import.
# usage: bench/bench.sh [ROWS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v task >/dev/null 2>&1 || missing+=(taskwarrior)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (the baselines) ..." >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo build --release --quiet
exec python3 bench/run.py target/release/ftc "${1:-100000}"
