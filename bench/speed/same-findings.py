#!/usr/bin/env python3
"""Compares two JSON reports of `scanner scan` finding by finding (page file, or URL without the ephemeral port of a
local scan; rule, severity, selector, line, column, fingerprint, evidence, link): a speed change must not change what
the scanner finds. Exit 0 when they are the same, 1 otherwise.
Usage: bench/speed/same-findings.py BEFORE.json AFTER.json"""
import collections, json, re, sys

def keys(path):
    report = json.load(open(path, encoding="utf-8"))
    return collections.Counter(
        (f.get("file") or re.sub(r"^(https?://[^/:]+):\d+", r"\1", f.get("url") or ""), f.get("ruleId"), f.get("severity"), f.get("selector"), f.get("line"), f.get("column"), f.get("fingerprint"),
         f.get("evidence"), f.get("linkHref"))
        for f in report["findings"])

before, after = keys(sys.argv[1]), keys(sys.argv[2])
gone, new = before - after, after - before
print(f"before {sum(before.values())} findings, after {sum(after.values())}; only before: {sum(gone.values())}, only after: {sum(new.values())}")
for label, diff in (("only before", gone), ("only after", new)):
    for key in sorted(diff, key=str)[:20]: print(f"  {label}: {key}")
sys.exit(0 if not gone and not new else 1)
