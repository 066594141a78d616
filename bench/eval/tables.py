#!/usr/bin/env python3
"""Markdown tables for docs/detectors.md from `scanner eval --format json` results.

usage: tables.py LABELS.tsv NAME=RESULT.json ...   (e.g. static=static.json browser-sample=browser.json)
Each result is split into the dev and holdout halves by the labels' split column; one column per result and half.
"""
import json, sys, collections

labels = {}
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    cells = line.split("\t")
    labels[cells[0]] = cells[3]
results = [(arg.split("=", 1)[0], json.load(open(arg.split("=", 1)[1], encoding="utf-8"))) for arg in sys.argv[2:]]
columns = [(name, half) for name, _ in results for half in ("dev", "holdout")]
cells = collections.defaultdict(dict)
kinds = {}
for name, result in results:
    for half in ("dev", "holdout"):
        tally = collections.defaultdict(lambda: [0, 0])
        for page in result["pages"]:
            if labels.get(page["file"]) != half:
                continue
            kinds[page["technique"]] = page["label"]
            for key in (page["technique"], "all " + page["label"]):
                tally[key][0] += page["flagged"]
                tally[key][1] += 1
        for key, (flagged, total) in tally.items():
            cells[key][(name, half)] = f"{flagged}/{total}"
print("| technique | " + " | ".join(f"{n} {h}" for n, h in columns) + " |")
print("| --- |" + " --- |" * len(columns))
order = sorted((k for k in kinds if kinds[k] == "spam")) + ["all spam"] + sorted((k for k in kinds if kinds[k] == "clean")) + ["all clean"]
for key in order:
    name = f"**{key}**" if key.startswith("all ") else key
    print(f"| {name} | " + " | ".join(cells[key].get(c, "–") for c in columns) + " |")
