#!/usr/bin/env python3
"""The team server beside the file (issue 14 items 5 and 8), in one run:

- the feed: `ftc tenant import` of a 100,000-row feed into an empty
  database against its baseline, on the file (`sqlite3 .import` into a bare
  table) and on the server (`psql \\copy` into a bare table); the same feed
  again, unchanged;
- on the same 100,000-tenant database in a SQLite file and on the server
  (loaded with `ftc db copy` from the file, its FMs set), one FM's agenda,
  `tenant show` and `tenant add` (with the duplicate check).

Whole processes, the median of several runs, over loopback.

usage: server.py FTC_BINARY POSTGRES_URL_WITHOUT_A_DATABASE
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

FTC = os.path.abspath(sys.argv[1])
SERVER = sys.argv[2].rstrip("/")
URL = f"{SERVER}/ftcbench"
HERE = os.path.dirname(os.path.abspath(__file__))
WORK = tempfile.mkdtemp(prefix="ftc-bench-server-")
ENV = dict(os.environ, FTC_TODAY="2027-07-01", FTC_USER="bench", NO_COLOR="1",
           FTC_CONFIG=os.path.join(WORK, "config.toml"))
ENV.pop("FTC_DB", None)
open(ENV["FTC_CONFIG"], "w").close()


def run(args, ok=(0,)):
    p = subprocess.run(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in ok:
        sys.exit(f"failed ({p.returncode}): {' '.join(args)}\n{p.stderr.decode()}")


def timed(args, runs=9):
    times = []
    for _ in range(runs):
        os.sync()
        t0 = time.perf_counter()
        run(args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def psql(db, *commands):
    args = ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{SERVER}/{db}"]
    for c in commands:
        args += ["-c", c]
    p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit(f"psql failed: {commands}\n{p.stderr.decode()}")


def median_of(runs, prepare, command):
    """The median time of `command` (a list), `prepare()` run untimed before each."""
    times = []
    for _ in range(runs):
        prepare()
        os.sync()
        t0 = time.perf_counter()
        p = subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{p.stderr.decode()}")
    return statistics.median(times)


feed = os.path.join(WORK, "feed.csv")
with open(feed, "w") as f:
    subprocess.run([sys.executable, os.path.join(HERE, "gen_feed.py"), "100000"], stdout=f, check=True)
db = os.path.join(WORK, "ftc.db")

# The feed into an empty database, beside its baseline, on each engine.
bare = os.path.join(WORK, "bare.db")
new = os.path.join(WORK, "new.db")
def no_file(*paths):
    def go():
        for p in paths:
            for suffix in ("", "-wal", "-shm", "-journal"):
                if os.path.exists(p + suffix):
                    os.remove(p + suffix)
    return go
COLUMNS = "tenant_id text, domain text, customer text, tpid bigint, region text, seats bigint, managed text, country text"
sqlite_base = median_of(5, no_file(bare), ["sh", "-c", f"printf '.mode csv\\n.import {feed} feed\\n' | sqlite3 {bare}"])
file_import = median_of(5, no_file(new), [FTC, "--db", new, "tenant", "import", feed])
psql("postgres", "DROP DATABASE IF EXISTS ftcbase", "CREATE DATABASE ftcbase",
     "DROP DATABASE IF EXISTS ftcempty", "CREATE DATABASE ftcempty")
run([FTC, "--db", f"{SERVER}/ftcempty", "db", "init"])
pg_base = median_of(5, lambda: psql("ftcbase", "DROP TABLE IF EXISTS feed", f"CREATE TABLE feed ({COLUMNS})"),
                    ["psql", "-q", f"{SERVER}/ftcbase", "-c", f"\\copy feed from '{feed}' csv header"])
def fresh_server():
    psql("postgres", "DROP DATABASE IF EXISTS ftcimport", "CREATE DATABASE ftcimport TEMPLATE ftcempty")
server_import = median_of(5, fresh_server, [FTC, "--db", f"{SERVER}/ftcimport", "tenant", "import", feed])
server_again = median_of(3, lambda: None, [FTC, "--db", f"{SERVER}/ftcimport", "tenant", "import", feed])
psql("postgres", "DROP DATABASE ftcimport", "DROP DATABASE ftcbase", "DROP DATABASE ftcempty",
     "DROP DATABASE IF EXISTS ftcbench", "CREATE DATABASE ftcbench")

run([FTC, "--db", db, "tenant", "import", feed])
# A hundred FMs of 1,000 tenants each.
subprocess.run(["sqlite3", db, "UPDATE tenants SET fm = 'fm' || (id % 100)"], check=True)
run([FTC, "--db", URL, "db", "init"])
t0 = time.perf_counter()
run([FTC, "db", "copy", "--from", db, "--to", URL])
copy = time.perf_counter() - t0
domain = subprocess.run(["sqlite3", db, "SELECT domain FROM tenants WHERE id = 500"],
                        check=True, capture_output=True, text=True).stdout.strip()

print("The feed (100,000 rows) into an empty database:")
print(f"  file:   sqlite3 .import {sqlite_base * 1000:.0f} ms; ftc tenant import {file_import * 1000:.0f} ms"
      f" = {file_import / sqlite_base:.2f}x (bar 2x: {'met' if file_import <= 2 * sqlite_base else 'NOT met'})")
print(f"  server: psql \\copy {pg_base * 1000:.0f} ms; ftc tenant import {server_import * 1000:.0f} ms"
      f" = {server_import / pg_base:.1f}x (bar 10x: {'met' if server_import <= 10 * pg_base else 'NOT met'}; goal 3x)")
print(f"  server, the same feed again: {server_again * 1000:.0f} ms"
      f" ({'no more' if server_again <= server_import else 'MORE'} than the first)")
print()

rows = [("ftc db copy of the file to the server (100,000 tenants)", f"{copy * 1000:.0f} ms", "", "")]
for what, args, bar in [
    ("ftc agenda --fm (1,000 tenants)", ["agenda", "--fm", "fm7"], 0.05),
    ("ftc tenant show", ["tenant", "show", domain], 0.05),
]:
    f = timed([FTC, "--db", db] + args)
    s = timed([FTC, "--db", URL] + args)
    rows.append((what, f"{f * 1000:.1f} ms", f"{s * 1000:.1f} ms", "yes" if s < bar else "NO"))
# tenant add: a new customer each run (the duplicate check reads the customers).
def median_adds(names, domain):
    """The median `tenant add` of each name (a domain of its own each) on
    the file and on the server."""
    adds = {}
    for engine, target in [("file", db), ("server", URL)]:
        times = []
        for i, customer in enumerate(names):
            args = [FTC, "--db", target, "tenant", "add", "--domain", f"{domain}{i}.onmicrosoft.com",
                    "--customer", customer, "--seats", "300"]
            t0 = time.perf_counter()
            run(args)
            times.append(time.perf_counter() - t0)
        adds[engine] = statistics.median(times)
    return adds


for what, names, domain in [
    ("ftc tenant add (duplicate check)", [f"Quillon Bench Holdings {i}" for i in range(9)], "bench"),
    # A common second word: one "... Foods" customer in nine of the feed's
    # shares the typo-at-the-start key with it.
    ("ftc tenant add, \"Quilbox Foods\" (a common second word)",
     [f"{w} Foods" for w in ["Quilbox", "Vantrel", "Morpesk", "Dunwhit", "Goskern", "Pelvark",
                             "Trossim", "Hagbern", "Yeltmor"]], "foods"),
]:
    adds = median_adds(names, domain)
    rows.append((what, f"{adds['file'] * 1000:.1f} ms", f"{adds['server'] * 1000:.1f} ms",
                 "yes" if adds["server"] < 0.05 else "NO"))
width = max(len(r[0]) for r in rows)
print(f"{'what'.ljust(width)}  {'file':<10} {'server':<10} server < 50 ms")
for what, f, s, ok in rows:
    print(f"{what.ljust(width)}  {f:<10} {s:<10} {ok}")
