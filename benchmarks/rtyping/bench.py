#!/usr/bin/env python3
"""Rtyping speed: source lines per second of `futamura rtype FILE --stats`.

usage: python3 benchmarks/rtyping/bench.py [--futamura PATH] [--runs N] FILE...

Runs `futamura rtype FILE --stats` N times (default 5) per file, parses the
line it prints on stderr,

    rtyped G graphs (H system helpers); annotate A s, rtype R s

and prints a Markdown table with the median (and minimum) of the annotate
time, the rtype time, their sum (per run), and the wall time of the whole
process (import, flow graphs built on demand during annotation, printing of
the low-level graphs to /dev/null), with lines per second for each.

Two line counts are reported: all lines, and source lines (lines holding
some token other than a comment: blank and comment-only lines are left out;
docstrings and multi-line strings count). Modules imported by FILE that live
next to it (or in a package next to it) are counted too, since their
functions are translated with it.
"""
import argparse
import ast
import io
import os
import re
import statistics
import subprocess
import sys
import time
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FUTAMURA = os.path.normpath(os.path.join(HERE, "..", "..", "build", "default", "src", "futamura"))
STATS_RE = re.compile(r"rtyped (\d+) graphs \((\d+) system helpers\); "
                      r"annotate ([0-9.]+) s, rtype ([0-9.]+) s")


def count_lines(path):
    """(total lines, source lines) of one Python file."""
    with open(path, "rb") as f:
        data = f.read()
    total = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
            tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}
    rows = set()
    for tok in tokenize.tokenize(io.BytesIO(data).readline):
        if tok.type not in skip:
            rows.update(range(tok.start[0], tok.end[0] + 1))
    return total, len(rows)


def local_modules(path):
    """FILE and the modules it imports, transitively, that are found in
    FILE's directory (plain modules and packages); the standard library and
    runtime/python are not counted."""
    root = os.path.dirname(os.path.abspath(path))
    seen = []
    todo = [os.path.abspath(path)]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        try:
            with open(p, "rb") as f:
                tree = ast.parse(f.read(), p)
        except (OSError, SyntaxError):
            continue
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.extend(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
                names.extend(node.module + "." + a.name for a in node.names)
        for name in names:
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                base = os.path.join(root, *parts[:i])
                for cand in (base + ".py", os.path.join(base, "__init__.py")):
                    if os.path.isfile(cand) and cand not in seen:
                        todo.append(cand)
    return seen


def run_once(futamura, path):
    t0 = time.perf_counter()
    proc = subprocess.run([futamura, "rtype", path, "--stats"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        sys.exit("bench.py: futamura rtype %s failed (exit %d):\n%s" % (path, proc.returncode, err.strip()))
    m = STATS_RE.search(err)
    if not m:
        sys.exit("bench.py: no stats line in the output of futamura rtype %s:\n%s" % (path, err.strip()))
    return int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(4)), wall


def rate(lines, seconds):
    if seconds <= 0:
        return "inf"
    return "{:,.0f}".format(lines / seconds)


def bench(futamura, path, runs):
    modules = local_modules(path)
    total = source = 0
    for m in modules:
        t, s = count_lines(m)
        total += t
        source += s
    ann, rty, both, wall = [], [], [], []
    graphs = helpers = 0
    for _ in range(runs):
        graphs, helpers, a, r, w = run_once(futamura, path)
        ann.append(a)
        rty.append(r)
        both.append(a + r)
        wall.append(w)
    files = ", ".join(os.path.relpath(m) for m in modules)
    print("### %s" % os.path.relpath(path))
    print()
    print("%d lines, %d source lines (non-blank, non-comment) in %s; %d graphs rtyped "
          "(%d system helpers); %d runs." % (total, source, files, graphs, helpers, runs))
    print()
    print("| stage | median s | min s | lines/s (all lines) | lines/s (source lines) |")
    print("|---|---:|---:|---:|---:|")
    for name, xs in (("annotate", ann), ("rtype", rty), ("annotate + rtype", both),
                     ("wall time of `futamura rtype`", wall)):
        med = statistics.median(xs)
        print("| %s | %.3f | %.3f | %s | %s |" % (name, med, min(xs), rate(total, med), rate(source, med)))
    print()
    return source / statistics.median(both) if statistics.median(both) > 0 else float("inf")


def main():
    ap = argparse.ArgumentParser(description="Rtyping speed of futamura in source lines per second.")
    ap.add_argument("--futamura", default=DEFAULT_FUTAMURA,
                    help="the futamura binary (default: build/default/src/futamura)")
    ap.add_argument("--runs", type=int, default=5, help="runs per file (default 5)")
    ap.add_argument("files", nargs="+", metavar="FILE")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if not os.access(args.futamura, os.X_OK):
        ap.error("no futamura binary at %s (build it, or pass --futamura)" % args.futamura)
    for f in args.files:
        bench(args.futamura, f, args.runs)


if __name__ == "__main__":
    main()
