#!/usr/bin/env python3
"""CPU time of every process a command starts, grouped by kind, sampled from /proc every 0.2 s until it exits.

Chromium's processes are told apart by their --type (renderer, gpu-process, zygote, utility:…); a renderer that
hosts the browser's own interface (--top-chrome-webui) is counted apart from the pages' renderers. A process that
lives less than a sample is missed; the totals are a floor.

Usage: bench/speed/process-cpu.py COMMAND [ARGS…]
e.g.   bench/speed/process-cpu.py src/Scanner.Cli/bin/Release/net10.0/scanner scan ../shared/corpus/clean -j 2 -q --fail-on none -f json -o /tmp/b.json
"""
import collections
import os
import re
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(pid):
    text = open(f"/proc/{pid}/stat").read()
    return text[text.rfind(")") + 2:].split()


def process_tree(root):
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                children[int(stat_fields(entry)[1])].append(int(entry))
            except OSError:
                pass
    tree, i = [root], 0
    while i < len(tree):
        tree += children.get(tree[i], [])
        i += 1
    return tree


def kind(pid):
    command = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
    program = os.path.basename(command.split(" ")[0])
    if "chrom" not in program:
        return program
    found = re.search(r"--type=(\S+)", command)
    name = found.group(1) if found else "browser"
    if "--top-chrome-webui" in command:
        name += " (browser interface)"
    if sub := re.search(r"--utility-sub-type=(\S+)", command):
        name += ":" + sub.group(1)
    return "chromium " + name


def main():
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = {}
    started = time.time()
    while process.poll() is None:
        for pid in process_tree(process.pid):
            try:
                fields = stat_fields(pid)
                name = last[pid][0] if pid in last else kind(pid)
                last[pid] = (name, (int(fields[11]) + int(fields[12])) / TICKS)
            except (OSError, IndexError):
                pass
        time.sleep(0.2)
    totals = collections.defaultdict(float)
    for name, seconds in last.values():
        totals[name] += seconds
    print(f"wall {time.time() - started:.1f} s, exit {process.returncode}, CPU {sum(totals.values()):.1f} s")
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{seconds:8.1f} s  {name}")


if __name__ == "__main__":
    main()
