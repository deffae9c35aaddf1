#!/usr/bin/env python3
"""Write a synthetic commerce feed: N tenant rows, about 1.3 tenants per
customer, company names made of random syllables plus common words and
legal suffixes (so names share prefixes and endings as real ones do), and
about 1% of customers a variant of an earlier name under another TPID
(a suffix changed, a letter dropped) for the duplicate check to find.

usage: gen_feed.py ROWS [SEED [ONE]] > feed.csv
  ONE = 1: one tenant per customer (ROWS customers), for the duplicate check.
"""
import random
import sys
import uuid

rows = int(sys.argv[1])
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
one_each = len(sys.argv) > 3 and sys.argv[3] == "1"
rng = random.Random(seed)
SYL = ["ka", "lo", "mi", "ra", "ten", "vo", "zu", "bel", "dor", "fin", "gra", "hal", "jun",
       "kor", "lum", "mar", "nex", "or", "pra", "qui", "ros", "sel", "tor", "ul", "ven", "wil",
       "xan", "yor", "zen", "ar", "bri", "cas", "del", "em", "fal", "gen", "is", "jo", "ly", "na"]
WORDS = ["", "", "", "Systems", "Foods", "Bank", "Health", "Logistics", "Energy", "Media",
         "Retail", "Motors", "Insurance", "Pharma", "Consulting", "Labs", "Telecom", "Foods and Drinks"]
SUFFIX = ["", "", "Inc", "Ltd", "LLC", "GmbH", "SA", "Corp", "Pty Ltd", "AB", "Group", "K.K."]
REGIONS = ["americas", "emea", "apj"]
COUNTRY = {"americas": "United States", "emea": "Germany", "apj": "Japan"}


names = []


def name():
    if names and rng.random() < 0.01:
        base = rng.choice(names).split()
        if rng.random() < 0.5 and len(base[0]) > 4:
            i = rng.randrange(1, len(base[0]) - 1)
            base[0] = base[0][:i] + base[0][i + 1:]
        else:
            base = [w for w in base if w not in SUFFIX] + [rng.choice(SUFFIX)]
        return " ".join(w for w in base if w)
    base = "".join(rng.choice(SYL) for _ in range(rng.randint(3, 5))).capitalize()
    parts = [base, rng.choice(WORDS), rng.choice(SUFFIX)]
    n = " ".join(p for p in parts if p)
    names.append(n)
    return n


out = sys.stdout
out.write("tenant_id,domain,customer,tpid,region,seats,managed,country\n")
n = 0
tpid = 1000000
while n < rows:
    tpid += 1
    cname = name()
    region = rng.choice(REGIONS)
    for k in range(1 if one_each or rng.random() < 0.75 else rng.randint(2, 4)):
        if n >= rows:
            break
        n += 1
        guid = uuid.UUID(int=rng.getrandbits(128), version=4)
        label = f"{cname.split()[0].lower()}{n}"
        seats = int(rng.lognormvariate(6.5, 1.4))
        managed = "yes" if rng.random() < 0.7 else "no"
        quoted = f'"{cname}"' if "," in cname else cname
        out.write(f"{guid},{label}.onmicrosoft.com,{quoted},{tpid},{region},{seats},{managed},{COUNTRY[region]}\n")
