#!/usr/bin/env python3
"""The team server beside the file (issue 14 item 8): the same 100,000-tenant
database in a SQLite file and on a PostgreSQL server over a unix socket,
and one FM's agenda, `tenant show` and `tenant add` (with the duplicate
check) timed on each, whole processes, the median of several runs. The
server's data is loaded with `ftc db copy` from the file (the server's own
feed import stages row by row and is far too slow for 100,000 rows yet).

usage: server.py FTC_BINARY POSTGRES_URL_OF_AN_EMPTY_DATABASE
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

FTC = os.path.abspath(sys.argv[1])
URL = sys.argv[2]
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


feed = os.path.join(WORK, "feed.csv")
with open(feed, "w") as f:
    subprocess.run([sys.executable, os.path.join(HERE, "gen_feed.py"), "100000"], stdout=f, check=True)
db = os.path.join(WORK, "ftc.db")
run([FTC, "--db", db, "tenant", "import", feed])
# A hundred FMs of 1,000 tenants each.
subprocess.run(["sqlite3", db, "UPDATE tenants SET fm = 'fm' || (id % 100)"], check=True)
run([FTC, "--db", URL, "db", "init"])
t0 = time.perf_counter()
run([FTC, "db", "copy", "--from", db, "--to", URL])
copy = time.perf_counter() - t0
domain = subprocess.run(["sqlite3", db, "SELECT domain FROM tenants WHERE id = 500"],
                        check=True, capture_output=True, text=True).stdout.strip()

rows = [("ftc db copy of the file to the server (100,000 tenants)", f"{copy * 1000:.0f} ms", "", "")]
for what, args, bar in [
    ("ftc agenda --fm (1,000 tenants)", ["agenda", "--fm", "fm7"], 0.05),
    ("ftc tenant show", ["tenant", "show", domain], 0.05),
]:
    f = timed([FTC, "--db", db] + args)
    s = timed([FTC, "--db", URL] + args)
    rows.append((what, f"{f * 1000:.1f} ms", f"{s * 1000:.1f} ms", "yes" if s < bar else "NO"))
# tenant add: a new customer each run (the duplicate check reads the customers).
adds = {}
for name, target in [("file", db), ("server", URL)]:
    times = []
    for i in range(9):
        args = [FTC, "--db", target, "tenant", "add", "--domain", f"bench{i}.onmicrosoft.com",
                "--customer", f"Quillon Bench Holdings {i}", "--seats", "300"]
        t0 = time.perf_counter()
        run(args)
        times.append(time.perf_counter() - t0)
    adds[name] = statistics.median(times)
rows.append(("ftc tenant add (duplicate check)", f"{adds['file'] * 1000:.1f} ms",
             f"{adds['server'] * 1000:.1f} ms", "yes" if adds["server"] < 0.05 else "NO"))
width = max(len(r[0]) for r in rows)
print(f"{'what'.ljust(width)}  {'file':<10} {'server':<10} server < 50 ms")
for what, f, s, ok in rows:
    print(f"{what.ljust(width)}  {f:<10} {s:<10} {ok}")
