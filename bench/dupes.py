#!/usr/bin/env python3
"""Measure the duplicate check (SPEC 4.6) against the judgement bars of
SPEC 5 on realistic names (gen_names.py), through the CLI only:

  FTC --db DB tenant import FEED             a fresh database per base
  FTC --db DB --json customer list --name Q  the customers the duplicate
        check takes for the same name as Q (rows with a `reason`; rows
        that only contain Q, `reason` null, are not the check's)
  FTC --db DB --json tenant dupes            every pair, timed

and prints, per base of names:
  - recall per kind of true variant: the share of queries whose target is
    among the candidates (bar >= 95% for each kind);
  - false refusals: the share of `new` queries with any candidate (bar
    <= 5%, goal 1%);
  - `tenant dupes`: the pairs, their precision against the generator's
    ground truth (a pair is true only when one name was made as a variant
    of the other: the feed's 1% of injected variants, truth-X.csv) (bar
    >= 90%), how many injected variants it finds, and its wall time (bar
    < 5 s, goal 2 s).
A binary whose `customer list --name` is not the duplicate check gets a
message and only the `tenant dupes` part.

usage: dupes.py FTC_BINARY [N] [--base a|b|both] [--per-kind 100] [--new 500]
                [--jobs 2] [--seed 1] [--repeat 1] [--examples 3] [--regenerate]
                [--work DIR] [--name-anyway]
  N: customers per feed (default 100,000). For N = 100,000 and --seed 1
  the files gen_names.py wrote (bench/out, bench/labelled) are used when
  they are newer than gen_names.py; otherwise they are made in the work
  directory (about 30 s for both bases).
"""
import argparse
import concurrent.futures
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_names.py")
MATCH_KINDS = ["suffix", "punctuation", "accents", "ampersand", "acronym", "the", "typo1", "typo2",
               "joined", "split", "abbreviation", "word-order"]
NEW_KINDS = ["diff-place", "diff-industry", "diff-surname", "diff-word", "diff-prefix", "plain"]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ftc", help="the ftc binary")
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="customers per feed")
    ap.add_argument("--base", choices=["a", "b", "both"], default="both")
    ap.add_argument("--per-kind", type=int, default=100, help="true variants sampled per kind")
    ap.add_argument("--new", type=int, default=500, help="new names sampled (over their kinds)")
    ap.add_argument("--jobs", type=int, default=2, help="queries run at once (default 2)")
    ap.add_argument("--seed", type=int, default=1, help="the generator's seed")
    ap.add_argument("--sample-seed", type=int, default=1, help="which queries are sampled")
    ap.add_argument("--repeat", type=int, default=1, help="time tenant dupes this many times (median)")
    ap.add_argument("--examples", type=int, default=3, help="misses shown per kind")
    ap.add_argument("--regenerate", action="store_true", help="always run gen_names.py")
    ap.add_argument("--work", help="work directory (kept); default a temporary one, removed")
    ap.add_argument("--name-anyway", action="store_true",
                    help="measure customer list --name even when it does not look like the check")
    return ap.parse_args()


A = parse_args()
FTC = os.path.abspath(A.ftc)
WORK = os.path.abspath(A.work) if A.work else tempfile.mkdtemp(prefix="ftc-dupes-")
os.makedirs(WORK, exist_ok=True)
ENV = dict(os.environ, FTC_TODAY="2027-07-01", FTC_USER="bench", NO_COLOR="1",
           FTC_CONFIG=os.path.join(WORK, "config.toml"))
for k in ("FTC_FORMAT", "FTC_DB"):
    ENV.pop(k, None)
open(ENV["FTC_CONFIG"], "w").close()
BASES = ["a", "b"] if A.base == "both" else [A.base]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the sets

def sets():
    """{base: (feed, labelled, truth)}, generating them when needed."""
    out = {}
    fresh = os.path.getmtime(GEN)
    missing = []
    for b in BASES:
        files = (os.path.join(HERE, "out", f"feed-{b}.csv"), os.path.join(HERE, "labelled", f"dupes-{b}.csv"),
                 os.path.join(HERE, "labelled", f"truth-{b}.csv"))
        if (not A.regenerate and A.n == 100_000 and A.seed == 1
                and all(os.path.exists(f) and os.path.getmtime(f) >= fresh for f in files)):
            out[b] = files
        else:
            missing.append(b)
    if missing:
        base = missing[0] if len(missing) == 1 else "both"
        log(f"generating {A.n:,} customers per base ({', '.join(missing)}) in {WORK} ...")
        subprocess.run([sys.executable, GEN, "--n", str(A.n), "--seed", str(A.seed), "--base", base,
                        "--out", WORK, "--no-small"], check=True)
        for b in missing:
            out[b] = tuple(os.path.join(WORK, f"{x}-{b}.csv") for x in ("feed", "dupes", "truth"))
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- running ftc

def ftc(db, *args, out=None, timeout=600):
    """Run ftc; (exit code, stdout text or None when sent to `out`, stderr, seconds)."""
    cmd = [FTC, "--db", db, *args]
    t0 = time.perf_counter()
    if out:
        with open(out, "w") as f:
            p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, env=ENV, timeout=timeout)
        dt = time.perf_counter() - t0
        return p.returncode, None, p.stderr.decode(errors="replace"), dt
    p = subprocess.run(cmd, capture_output=True, env=ENV, timeout=timeout)
    dt = time.perf_counter() - t0
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), dt


def candidates(db, query):
    """(rows the check returned: [(name, score, reason)], all rows, seconds)."""
    code, out, err, dt = ftc(db, "--json", "customer", "list", "--name", query, timeout=120)
    if code not in (0, 1):
        raise RuntimeError(f"customer list --name {query!r}: exit {code}: {err.strip()}")
    rows = json.loads(out) if out.strip() else []
    found = [(r.get("name"), r.get("score"), r.get("reason")) for r in rows if r.get("reason")]
    return found, rows, dt


def probe_name(db, feed_names):
    """Does `customer list --name` answer with the duplicate check? (ok, why)"""
    code, out, err, _ = ftc(db, "customer", "list", "--help")
    if "--name" not in out:
        return False, "this binary's `customer list` has no `--name`"
    target = next(n for n in feed_names if len(n.split()) >= 2 and "," not in n)
    query = target.upper() + " Inc. Inc."  # the same normalised name, and not a part of it
    try:
        found, rows, _ = candidates(db, query)
    except RuntimeError as e:
        return False, str(e)
    if rows and not any("reason" in r for r in rows):
        return False, ("this binary's `customer list --name` filters names containing the text "
                       "(its rows have no `reason`): it is not the duplicate check")
    if target not in [f[0] for f in found]:
        return False, (f"`customer list --name {query!r}` returned {len(rows)} rows, {target!r} not among "
                       "the check's matches (rows with a `reason`): this binary's --name does not look like "
                       "the duplicate check (SPEC 4.6)")
    return True, ""


def iter_json_array(path):
    """The objects of a JSON array, read in chunks (tenant dupes can print
    millions of pairs)."""
    dec = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        buf, pos = f.read(1 << 20), 0
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,[":
                pos += 1
            if pos >= len(buf):
                more = f.read(1 << 20)
                if not more:
                    return
                buf, pos = buf[pos:] + more, 0
                continue
            if buf[pos] == "]":
                return
            try:
                obj, end = dec.raw_decode(buf, pos)
            except json.JSONDecodeError:
                more = f.read(1 << 20)
                if not more:
                    raise
                buf, pos = buf[pos:] + more, 0
                continue
            yield obj
            pos = end


# ---------------------------------------------------------------- one base

def pct(num, den):
    return f"{100.0 * num / den:.1f}%" if den else "-"


def measure(base, feed, labelled, truth):
    res = {"base": base}
    names = [r["customer"] for r in read_csv(feed)]
    res["customers"] = len(names)
    truth_rows = read_csv(truth)
    res["variants"] = len(truth_rows)
    cluster = {t["variant"]: t["original"] for t in truth_rows}
    rows = read_csv(labelled)
    res["labelled"] = {k: sum(1 for r in rows if r["kind"] == k) for k in MATCH_KINDS + NEW_KINDS}

    db = os.path.join(WORK, f"{base}.db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    log(f"base {base}: importing {len(names):,} customers ...")
    summary = os.path.join(WORK, f"import-{base}.json")
    code, _, err, dt = ftc(db, "--json", "tenant", "import", feed, out=summary, timeout=3600)
    if code != 0:
        sys.exit(f"import failed ({code}): {err}")
    res["import_s"] = dt
    try:
        if os.path.getsize(summary) < 300 << 20:
            s = json.load(open(summary))
            res["inserted"] = s.get("inserted")
            if "suspects" in s:
                sus = s["suspects"]
                res["suspects"] = len(sus)
                res["suspects_true"] = sum(
                    1 for x in sus if any(cluster.get(m.get("customer"), m.get("customer"))
                                          == cluster.get(x.get("customer"), x.get("customer"))
                                          for m in x.get("matches", [])))
    except (ValueError, OSError):
        pass

    # ---- customer list --name
    ok, why = probe_name(db, names)
    res["name_ok"], res["name_why"] = ok, why
    if not ok and not A.name_anyway:
        log(f"base {base}: {why}; measuring only `tenant dupes`")
    else:
        if not ok:
            log(f"base {base}: {why}; measuring it anyway (--name-anyway)")
        rng = random.Random(f"{A.sample_seed}-{base}")
        sample = []
        for k in MATCH_KINDS:
            pool = [r for r in rows if r["kind"] == k]
            sample += rng.sample(pool, min(A.per_kind, len(pool)))
        new_pool = [r for r in rows if r["label"] == "new"]
        if len(new_pool) <= A.new:
            sample += new_pool
        else:  # stratified over the kinds of new names
            for k in NEW_KINDS:
                pool = [r for r in new_pool if r["kind"] == k]
                want = round(A.new * len(pool) / len(new_pool))
                sample += rng.sample(pool, min(want, len(pool)))
        log(f"base {base}: {len(sample)} queries, {A.jobs} at a time ...")
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=A.jobs) as ex:
            answers = list(ex.map(lambda r: candidates(db, r["query"]), sample))
        res["queries_s"] = time.perf_counter() - t0
        res["query_times"] = [a[2] for a in answers]
        per = {}
        for r, (found, _, _) in zip(sample, answers):
            d = per.setdefault(r["kind"], {"n": 0, "hit": 0, "first": 0, "cands": [], "miss": []})
            d["n"] += 1
            got = [f[0] for f in found]
            d["cands"].append(len(got))
            if r["label"] == "match":
                if r["target"] in got:
                    d["hit"] += 1
                    if got and got[0] == r["target"]:
                        d["first"] += 1
                else:
                    d["miss"].append((r["query"], r["target"], found[:3]))
            else:
                if got:
                    d["hit"] += 1
                    d["miss"].append((r["query"], "", found[:3]))
        res["per_kind"] = per

    # ---- tenant dupes
    out = os.path.join(WORK, f"dupes-{base}.json")
    times = []
    for i in range(max(1, A.repeat)):
        log(f"base {base}: tenant dupes ({i + 1}/{max(1, A.repeat)}) ...")
        code, _, err, dt = ftc(db, "--json", "tenant", "dupes", out=out, timeout=3600)
        if code not in (0, 1):
            sys.exit(f"tenant dupes failed ({code}): {err}")
        times.append(dt)
    res["dupes_s"] = statistics.median(times)
    res["dupes_times"] = times
    feed_set = set(names)
    by_reason = {}
    total = true = unknown = 0
    found_truth = set()
    false_examples = []
    rng = random.Random(7)
    for p in iter_json_array(out):
        a, b, reason = p.get("a"), p.get("b"), p.get("reason")
        total += 1
        d = by_reason.setdefault(reason, [0, 0])
        d[0] += 1
        if a not in feed_set or b not in feed_set:
            unknown += 1
            continue
        if cluster.get(a, a) == cluster.get(b, b):
            true += 1
            d[1] += 1
            found_truth.add(a if a in cluster else b)
        else:  # keep a few, at random
            fe = (a, b, p.get("score"), reason)
            if len(false_examples) < A.examples * 2:
                false_examples.append(fe)
            elif rng.random() < A.examples * 2 / total:
                false_examples[rng.randrange(len(false_examples))] = fe
    res.update(pairs=total, pairs_true=true, pairs_unknown=unknown, by_reason=by_reason,
               truth_found=len(found_truth), false_examples=false_examples,
               truth_missed=[(t["variant"], t["original"], t["kind"]) for t in truth_rows
                             if t["variant"] not in found_truth][:A.examples * 2],
               truth_by_kind={k: (sum(1 for t in truth_rows if t["kind"] == k),
                                  sum(1 for t in truth_rows if t["kind"] == k and t["variant"] in found_truth))
                              for k in MATCH_KINDS})
    return res


# ---------------------------------------------------------------- report

def met(values, test):
    """'yes', 'no', or which bases miss."""
    flags = [(b, test(v)) for b, v in values if v is not None]
    if not flags:
        return ""
    if all(f for _, f in flags):
        return "yes"
    if not any(f for _, f in flags):
        return "no"
    return "no (" + ", ".join(b for b, f in flags if not f) + ")"


def report(results):
    bases = [r["base"] for r in results]
    head = "| | " + " | ".join(f"base {b}" for b in bases) + " |"
    sep = "|---|" + "---|" * len(bases)
    print(f"# The duplicate check on realistic names\n\n{FTC}, {A.n:,} customers per base, "
          f"{os.cpu_count()} cores, {A.jobs} queries at a time\n")
    print("## The sets\n")
    print(head)
    print(sep)
    print("| customers in the feed | " + " | ".join(f"{r['customers']:,}" for r in results) + " |")
    print("| of which true variants of another customer (truth) | "
          + " | ".join(f"{r['variants']:,}" for r in results) + " |")
    for k in MATCH_KINDS + NEW_KINDS:
        cells = []
        for r in results:
            have = r["labelled"].get(k, 0)
            used = r.get("per_kind", {}).get(k, {}).get("n")
            cells.append("-" if not have else f"{have}" + (f" ({used} used)" if used is not None else ""))
        label = "match" if k in MATCH_KINDS else "new"
        print(f"| labelled `{k}` ({label}) | " + " | ".join(cells) + " |")
    print()

    print("## Figures\n")
    print("| measure | " + " | ".join(f"base {b}" for b in bases) + " | bar | met |")
    print("|---|" + "---|" * len(bases) + "---|---|")

    def row(label, cells, bar="", ok=""):
        print(f"| {label} | " + " | ".join(cells) + f" | {bar} | {ok} |")

    name_ok = [r for r in results if "per_kind" in r]
    if not name_ok:
        row("`customer list --name` (recall, false refusals)", ["not measured" for r in results],
            "", "")
    else:
        for k in MATCH_KINDS:
            vals = [(r["base"], (r["per_kind"][k]["hit"] / r["per_kind"][k]["n"])
                     if k in r.get("per_kind", {}) and r["per_kind"][k]["n"] else None) for r in results]
            cells = [pct(r["per_kind"][k]["hit"], r["per_kind"][k]["n"]) + f" of {r['per_kind'][k]['n']}"
                     if k in r.get("per_kind", {}) else "-" for r in results]
            row(f"recall: `{k}`", cells, ">= 95%", met(vals, lambda v: v >= 0.95))
        allm = [(r["base"], sum(r["per_kind"][k]["hit"] for k in MATCH_KINDS if k in r["per_kind"]),
                 sum(r["per_kind"][k]["n"] for k in MATCH_KINDS if k in r["per_kind"])) for r in name_ok]
        row("recall: all true variants", [pct(h, n) + f" of {n}" for _, h, n in allm])
        firsts = [(sum(r["per_kind"][k]["first"] for k in MATCH_KINDS if k in r["per_kind"]),
                   sum(r["per_kind"][k]["n"] for k in MATCH_KINDS if k in r["per_kind"])) for r in name_ok]
        row("the target the first candidate", [pct(f, n) for f, n in firsts])
        cands = [[c for k in MATCH_KINDS if k in r["per_kind"] for c in r["per_kind"][k]["cands"]] for r in name_ok]
        row("candidates per true-variant query (median / mean / max)",
            [f"{statistics.median(c):.0f} / {statistics.mean(c):.1f} / {max(c)}" if c else "-" for c in cands])
        nvals = []
        for r in name_ok:
            h = sum(r["per_kind"][k]["hit"] for k in NEW_KINDS if k in r["per_kind"])
            n = sum(r["per_kind"][k]["n"] for k in NEW_KINDS if k in r["per_kind"])
            nvals.append((r["base"], h, n))
        row("false refusals: all new names", [pct(h, n) + f" of {n}" for _, h, n in nvals], "<= 5% (goal 1%)",
            met([(b, h / n if n else None) for b, h, n in nvals], lambda v: v <= 0.05))
        for k in NEW_KINDS:
            cells = [pct(r["per_kind"][k]["hit"], r["per_kind"][k]["n"]) + f" of {r['per_kind'][k]['n']}"
                     if k in r.get("per_kind", {}) else "-" for r in results]
            row(f"false refusals: `{k}`", cells)
        qt = [r["query_times"] for r in name_ok]
        row("`customer list --name`, one query (median, process start included)",
            [f"{statistics.median(t) * 1000:.1f} ms" for t in qt])
    row("`tenant dupes`: pairs", [f"{r['pairs']:,}" for r in results])
    prec = [(r["base"], r["pairs_true"] / (r["pairs"] - r["pairs_unknown"]) if r["pairs"] - r["pairs_unknown"]
             else None) for r in results]
    row("`tenant dupes`: precision (true pairs by the ground truth)",
        [pct(r["pairs_true"], r["pairs"] - r["pairs_unknown"]) for r in results], ">= 90%",
        met(prec, lambda v: v >= 0.90))
    reasons = sorted({k for r in results for k in r["by_reason"]}, key=str)
    for reason in reasons:
        row(f"&nbsp;&nbsp;`{reason}` pairs (precision)",
            [f"{r['by_reason'].get(reason, [0, 0])[0]:,} ({pct(r['by_reason'].get(reason, [0, 0])[1], r['by_reason'].get(reason, [0, 0])[0])})"
             for r in results])
    if any(r["pairs_unknown"] for r in results):
        row("&nbsp;&nbsp;pairs naming a customer not in the feed", [f"{r['pairs_unknown']:,}" for r in results])
    row("`tenant dupes`: injected variants found (recall)",
        [pct(r["truth_found"], r["variants"]) + f" of {r['variants']}" for r in results])
    row("`tenant dupes`: wall time" + (f" (median of {A.repeat})" if A.repeat > 1 else ""),
        [f"{r['dupes_s']:.2f} s" for r in results], "< 5 s (goal 2 s)",
        met([(r["base"], r["dupes_s"]) for r in results], lambda v: v < 5))
    row("`tenant import` of the feed, wall time", [f"{r['import_s']:.2f} s" for r in results])
    if any("suspects" in r for r in results):
        row("`tenant import`: suspects flagged (of them with a true match)",
            [f"{r['suspects']:,} ({pct(r['suspects_true'], r['suspects'])})" if "suspects" in r else "-"
             for r in results])
    print()
    for r in results:
        if not r["name_ok"]:
            print(f"base {r['base']}: {r['name_why']}" + ("; measured anyway (--name-anyway)." if
                                                          "per_kind" in r else "; only `tenant dupes` measured."))
    if A.examples:
        print("\n## Examples\n")
        for r in results:
            print(f"### base {r['base']}\n")
            for k in MATCH_KINDS + NEW_KINDS:
                d = r.get("per_kind", {}).get(k)
                if not d or not d["miss"]:
                    continue
                what = "missed" if k in MATCH_KINDS else "refused"
                for q, t, found in d["miss"][:A.examples]:
                    fs = "; ".join(f"{n} ({s}, {why})" for n, s, why in found) or "no candidate"
                    print(f"- `{k}` {what}: {q!r}" + (f" -> {t!r}" if t else "") + f"; got: {fs}")
            for a, b, score, reason in r["false_examples"][:A.examples * 2]:
                print(f"- `tenant dupes` false pair: {a!r} ~ {b!r} ({score}, {reason})")
            for v, o, k in r["truth_missed"][:A.examples * 2]:
                print(f"- `tenant dupes` missed injected `{k}`: {v!r} ~ {o!r}")
            tk = r["truth_by_kind"]
            print("- `tenant dupes` injected variants found per kind: "
                  + ", ".join(f"{k} {f}/{n}" for k, (n, f) in tk.items() if n))
            print()


def main():
    if not os.access(FTC, os.X_OK):
        sys.exit(f"not an executable: {FTC}")
    files = sets()
    results = []
    try:
        for b in BASES:
            results.append(measure(b, *files[b]))
    finally:
        if not A.work:
            shutil.rmtree(WORK, ignore_errors=True)
    report(results)


if __name__ == "__main__":
    main()
