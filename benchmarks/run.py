#!/usr/bin/env python3
"""Runs the benchmarks of benchmarks/programs/ under CPython 3.11, pypy3,
the hand-written C twins (benchmarks/c/) and Futamura's translated
executables, checks that every output equals CPython's, and writes a
Markdown table of median times with ratios (RESULTS.md), the raw numbers
(results.json) and a bar plot (RESULTS.png).

usage: python3 benchmarks/run.py [--runs N] [--sizes small|default]
           [--only NAME...] [--futamura PATH] [--gc LIST] [-O LIST]
           [--llinterp] [--no-futamura] [--jobs N] [--out DIR]

--sizes small is a smoke test (each program runs for milliseconds); its
results go to build/benchmarks/small/ unless --out says otherwise, so they
never overwrite the measured benchmarks/results/.
"""
import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, "programs")
C_SOURCES = os.path.join(HERE, "c")
RUNTIME_PYTHON = os.path.join(ROOT, "runtime", "python")

# name -> (arguments for --sizes small, arguments for --sizes default,
# description). Default sizes take CPython 3.11 about 2-5 s.
BENCHMARKS = [
    ("richards", ["3"], ["80"], "OS scheduler simulation, iterations"),
    ("nbody", ["1000"], ["700000"], "n-body simulation, steps"),
    ("bytecode", ["200"], ["8000"], "bytecode interpreter over boxed values, outer loop count"),
    ("binarytrees", ["8"], ["16"], "binary trees, maximum depth"),
    ("gcbench", ["6"], ["15"], "GCBench: temporary trees built top-down and bottom-up beside long-lived data, maximum depth"),
    ("strings", ["100"], ["120000"], "string processing, sentences"),
    ("fib", ["18"], ["37"], "recursive fib(n)"),
    ("sieve", ["10000", "2"], ["2000000", "10"], "sieve of Eratosthenes, limit and rounds"),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def first_lines(text, n=3):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return " / ".join(lines[:n])[:300]


class Impl(object):
    """One implementation of one benchmark: a command to run, or the reason
    there is none ("n/a")."""

    def __init__(self, name, argv=None, env=None, error=None, build_seconds=None):
        self.name = name
        self.argv = argv
        self.env = env
        self.error = error
        self.build_seconds = build_seconds


def run_once(argv, env, timeout):
    """(stdout, exit code, stderr, seconds)."""
    start = time.perf_counter()
    try:
        p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, "timed out after %d s" % timeout, 0.0
    except OSError as e:
        return None, None, str(e), 0.0
    return p.stdout, p.returncode, p.stderr.decode(errors="replace"), time.perf_counter() - start


# The peak resident size of a run comes from a tiny C program that forks,
# runs the benchmark and reports the child's ru_maxrss: a process forked from
# Python would count the Python process's pages in its peak (Linux keeps the
# high-water mark across exec).
RSS_HELPER = r"""
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char** argv) {
    if (argc < 3) return 2;
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 2;
    FILE* f = fopen(argv[1], "w");
    if (!f) return 2;
    fprintf(f, "%ld\n", ru.ru_maxrss);
    fclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
"""


def build_rss_helper(workdir, cc):
    src = os.path.join(workdir, "peak_rss.c")
    exe = os.path.join(workdir, "peak_rss")
    with open(src, "w") as f:
        f.write(RSS_HELPER)
    p = subprocess.run([cc, "-O2", "-o", exe, src], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return exe if p.returncode == 0 else None


def peak_rss_mb(helper, argv, env, timeout, workdir):
    """One more run, for its peak resident size (MB), or None."""
    if not helper:
        return None
    out = os.path.join(workdir, "peak_rss.out")
    try:
        subprocess.run([helper, out] + argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout)
        with open(out) as f:
            return int(f.read()) / 1024.0
    except (subprocess.TimeoutExpired, OSError, ValueError):
        return None


def build_c(name, workdir, cc):
    src = os.path.join(C_SOURCES, name + ".c")
    exe = os.path.join(workdir, "c", name)
    if not os.path.exists(src):
        return Impl("C", error="no benchmarks/c/%s.c" % name)
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    cmd = [cc, "-O2", "-Wall", "-Wextra", "-o", exe, src, "-lm"]
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    secs = time.perf_counter() - start
    if p.returncode != 0:
        return Impl("C", error="gcc failed: " + first_lines(p.stdout.decode(errors="replace")))
    if p.stdout.strip():
        log("warning: %s: %s" % (" ".join(cmd), first_lines(p.stdout.decode(errors="replace"))))
    return Impl("C", argv=[exe], build_seconds=secs)


def translate(futamura, name, gc, opt, workdir, timeout):
    label = "futamura gc=%s -O%s" % (gc, opt)
    if not futamura or not os.path.exists(futamura):
        return Impl(label, error="no futamura binary at %s" % futamura)
    exe = os.path.join(workdir, "futamura", "%s-%s-O%s" % (name, gc, opt))
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    if os.path.exists(exe):
        os.unlink(exe)
    cmd = [futamura, "translate", os.path.join(PROGRAMS, name + ".py"), "-o", exe,
           "--gc=" + gc, "-O" + str(opt)]
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Impl(label, error="translate timed out after %d s" % timeout)
    secs = time.perf_counter() - start
    if p.returncode != 0 or not os.path.exists(exe):
        return Impl(label, error="translate exit %d: %s"
                    % (p.returncode, first_lines(p.stdout.decode(errors="replace"))))
    return Impl(label, argv=[exe], build_seconds=secs)


def machine_info(args):
    info = {"platform": platform.platform(), "cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(cmd):
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
            return first_lines(p.stdout.decode(errors="replace"), 2)
        except (OSError, subprocess.TimeoutExpired):
            return None
    info["cpython"] = version([args.cpython, "--version"])
    if args.pypy:
        info["pypy"] = version([args.pypy, "--version"])
    info["cc"] = version([args.cc, "--version"]).split(" / ")[0] if version([args.cc, "--version"]) else None
    commit = version(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = version(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "include", "runtime"])
    if commit and dirty:
        commit += " + uncommitted changes in src/, include/ or runtime/"
    info["futamura commit"] = commit
    if args.futamura and os.path.exists(args.futamura):
        info["futamura binary"] = "%s (built %s)" % (
            os.path.relpath(args.futamura, ROOT),
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(args.futamura))))
    return info


def fmt_time(t):
    if t is None:
        return "n/a"
    if t < 0.01:
        return "%.4f" % t
    if t < 1:
        return "%.3f" % t
    return "%.2f" % t


def fmt_ratio(r):
    if r is None:
        return "—"
    if r >= 100:
        return "%.0f×" % r
    if r >= 10:
        return "%.1f×" % r
    return "%.2f×" % r


def group_notes(notes, nbenchmarks):
    """Notes are strings or (benchmark, implementation, message); the same
    message of one implementation on several benchmarks becomes one line."""
    lines = []
    groups = {}
    for n in notes:
        if isinstance(n, str):
            lines.append(n)
        else:
            groups.setdefault((n[1], n[2]), []).append(n[0])
    for (impl, msg), names in groups.items():
        which = "every benchmark" if len(names) == nbenchmarks and nbenchmarks > 1 else ", ".join(names)
        lines.append("%s (%s): %s" % (impl, which, msg))
    return lines


def write_markdown(path, results, order, info, args, notes, plot_note):
    # Implementations with no time anywhere get no column; the notes say why.
    order = [i for i in order if any(r["impls"].get(i) and r["impls"][i]["median"] is not None
                                     for r in results)]
    notes = group_notes(notes, len(results))
    out = []
    out.append("# Benchmark results")
    out.append("")
    out.append("Written by `python3 benchmarks/run.py %s` (%s). Median wall-clock seconds of %d "
               "runs per implementation, process start-up included; sizes `%s`."
               % (" ".join(args.argv_given), time.strftime("%Y-%m-%d %H:%M", time.gmtime()) + " UTC",
                  args.runs, args.sizes))
    out.append("")
    for k in ("cpu", "cores", "platform", "cpython", "pypy", "cc", "futamura commit", "futamura binary"):
        if info.get(k):
            out.append("- %s: %s" % (k, info[k]))
    out.append("")
    out.append("| benchmark | arguments | " + " | ".join(order) + " |")
    out.append("|---|---|" + "---:|" * len(order))
    for r in results:
        cells = []
        for impl in order:
            e = r["impls"].get(impl)
            if e is None or e["median"] is None:
                cells.append("n/a")
            else:
                cells.append(fmt_time(e["median"]) + ("" if e["ok"] else " **wrong**"))
        out.append("| %s | %s | %s |" % (r["name"], " ".join(r["args"]), " | ".join(cells)))
    for title, base in (("Speed-up over CPython (CPython time / time; higher is faster)", "CPython"),
                        ("Time relative to C (time / C time; lower is faster, 1.00× is C)", "C")):
        out.append("")
        out.append("## " + title)
        out.append("")
        out.append("| benchmark | " + " | ".join(order) + " |")
        out.append("|---|" + "---:|" * len(order))
        for r in results:
            b = r["impls"].get(base)
            cells = []
            for impl in order:
                e = r["impls"].get(impl)
                if not b or b["median"] is None or not e or e["median"] is None or not e["ok"]:
                    cells.append("—")
                elif base == "CPython":
                    cells.append(fmt_ratio(b["median"] / e["median"]))
                else:
                    cells.append(fmt_ratio(e["median"] / b["median"]))
            out.append("| %s | %s |" % (r["name"], " | ".join(cells)))
    out.append("")
    out.append("## Peak resident size (MB, one more run; the memory side of the GCs)")
    out.append("")
    out.append("| benchmark | " + " | ".join(order) + " |")
    out.append("|---|" + "---:|" * len(order))
    for r in results:
        cells = []
        for impl in order:
            e = r["impls"].get(impl)
            mb = e.get("peak_rss_mb") if e else None
            cells.append("%.1f" % mb if mb is not None and e["ok"] else "—")
        out.append("| %s | %s |" % (r["name"], " | ".join(cells)))
    builds = [(r["name"], impl, e["build_seconds"]) for r in results for impl in order
              for e in [r["impls"].get(impl)] if e and e.get("build_seconds") is not None
              and impl.startswith("futamura")]
    if builds:
        out.append("")
        out.append("## Translation time (seconds, `futamura translate`, C compilation included)")
        out.append("")
        out.append("Translations ran %d at a time (`--jobs`), so with more than one each time "
                   "includes some contention." % args.jobs)
        out.append("")
        fut = [i for i in order if i.startswith("futamura") and not i.endswith("llinterp")]
        out.append("| benchmark | " + " | ".join(fut) + " |")
        out.append("|---|" + "---:|" * len(fut))
        for r in results:
            cells = []
            for impl in fut:
                e = r["impls"].get(impl)
                cells.append(fmt_time(e["build_seconds"]) if e and e.get("build_seconds") is not None
                             else "n/a")
            out.append("| %s | %s |" % (r["name"], " | ".join(cells)))
    out.append("")
    out.append("## Notes")
    out.append("")
    if plot_note:
        out.append("- " + plot_note)
    for n in notes:
        out.append("- " + n)
    if not notes and not plot_note:
        out.append("- every implementation ran and agreed with CPython's output")
    out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def write_plot(path, results, order, json_path=None, other_python=None):
    """Grouped bar charts of the speed-up over CPython and of the peak
    resident size, log scales. Without
    matplotlib here, plots with other_python (Debian's python3-matplotlib is
    for /usr/bin/python3, which may not be the python3 running this).
    Returns a note when the plot could not be made, else None."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        if other_python and json_path and os.path.realpath(other_python) != os.path.realpath(sys.executable):
            p = subprocess.run([other_python, os.path.abspath(__file__), "--plot", json_path, path],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode == 0 and not p.stdout.strip():
                return None
            note = first_lines(p.stdout.decode(errors="replace"))
            if note:
                return note
        return ("no plot: matplotlib is not installed for %s (Debian: python3-matplotlib)"
                % sys.executable)
    def has_data(impl):
        return any(r["impls"].get(impl) and r["impls"][impl]["median"] and r["impls"][impl]["ok"]
                   for r in results)
    impls = [i for i in order if i != "CPython" and has_data(i)]
    names = [r["name"] for r in results]
    colors = plt.get_cmap("tab10").colors
    fig, (ax, mem) = plt.subplots(2, 1, figsize=(min(15, max(8, 0.22 * len(names) * (len(impls) + 1) + 2.5)), 10))
    width = 0.8 / max(1, len(impls))
    for k, impl in enumerate(impls):
        xs, ys, ms = [], [], []
        for j, r in enumerate(results):
            b = r["impls"].get("CPython")
            e = r["impls"].get(impl)
            if b and e and b["median"] and e["median"] and e["ok"]:
                xs.append(j - 0.4 + width * (k + 0.5))
                ys.append(b["median"] / e["median"])
                ms.append(e.get("peak_rss_mb") or 0)
        ax.bar(xs, ys, width, label=impl, color=colors[k % len(colors)])
        mem.bar(xs, ms, width, label=impl, color=colors[k % len(colors)])
    ax.set_yscale("log")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_ylabel("speed-up over CPython 3.11 (log scale)")
    ax.set_title("Futamura benchmarks (median of runs)")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    mem.set_yscale("log")
    mem.set_ylabel("peak resident size, MB (log scale)")
    for a in (ax, mem):
        a.set_xticks(range(len(names)))
        a.set_xticklabels(names)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return None


def main():
    parser = argparse.ArgumentParser(
        description="Run the benchmarks under CPython, pypy3, C and Futamura and tabulate them.")
    parser.add_argument("--runs", type=int, default=5, help="runs per implementation (default 5)")
    parser.add_argument("--sizes", choices=["small", "default"], default="default",
                        help="small: a smoke test of a few seconds; default: the measured sizes")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--futamura", default=os.path.join(ROOT, "build", "default", "src", "futamura"),
                        help="the futamura binary (default build/default/src/futamura)")
    parser.add_argument("--gc", default="boehm,refcount,marksweep,generational,none",
                        help="comma-separated GC options to translate with "
                             "(default boehm,refcount,marksweep,generational,none)")
    parser.add_argument("-O", "--opt", default="2",
                        help="comma-separated -O levels to translate with (default 2)")
    parser.add_argument("--no-futamura", action="store_true", help="skip Futamura entirely")
    parser.add_argument("--llinterp", action="store_true",
                        help="also run `futamura run --backend=llinterp` (slow: for --sizes small)")
    parser.add_argument("--cpython", default="/usr/bin/python3.11", help="CPython 3.11 interpreter")
    parser.add_argument("--pypy", default=shutil.which("pypy3"), help="pypy3 (default: from PATH)")
    parser.add_argument("--cc", default="gcc", help="C compiler for the C twins (default gcc)")
    parser.add_argument("--out", help="output folder (default benchmarks/results, or "
                        "build/benchmarks/small with --sizes small)")
    parser.add_argument("--workdir", default=os.path.join(ROOT, "build", "benchmarks"),
                        help="where executables are built (default build/benchmarks)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                        help="builds and translations run in parallel (default: one per core)")
    parser.add_argument("--timeout", type=int, help="seconds per run (default 600, small: 120)")
    args = parser.parse_args()
    args.argv_given = sys.argv[1:]
    timeout = args.timeout or (120 if args.sizes == "small" else 600)
    out_dir = args.out or (os.path.join(args.workdir, "small") if args.sizes == "small"
                           else os.path.join(HERE, "results"))
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(args.workdir, exist_ok=True)

    known = [b[0] for b in BENCHMARKS]
    selected = BENCHMARKS
    if args.only:
        unknown = [n for n in args.only if n not in known]
        if unknown:
            parser.error("unknown benchmark %s (known: %s)" % (", ".join(unknown), ", ".join(known)))
        selected = [b for b in BENCHMARKS if b[0] in args.only]

    notes = []
    if not os.path.exists(args.cpython):
        notes.append("%s not found; CPython is %s" % (args.cpython, sys.executable))
        args.cpython = sys.executable
    if not args.pypy:
        notes.append("pypy3 skipped: not installed (Debian package `pypy3`)")
    env = dict(os.environ, PYTHONPATH=RUNTIME_PYTHON)
    gcs = [g for g in args.gc.split(",") if g]
    opts = [o.lstrip("O") for o in args.opt.split(",") if o]
    fut_configs = [] if args.no_futamura else [(g, o) for o in opts for g in gcs]

    rss_helper = build_rss_helper(args.workdir, args.cc)
    if not rss_helper:
        notes.append("no peak resident sizes: the helper did not compile")
    # Build the C twins and translate with Futamura, in parallel.
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, small, default, _ in selected:
            jobs[(name, "C")] = pool.submit(build_c, name, args.workdir, args.cc)
            for g, o in fut_configs:
                jobs[(name, g, o)] = pool.submit(translate, args.futamura, name, g, o,
                                                 args.workdir, max(timeout, 300))
        log("building %d C programs and %d Futamura translations..."
            % (len(selected), len(selected) * len(fut_configs)))
        built = {k: f.result() for k, f in jobs.items()}

    results = []
    order = []
    for name, small, default, _ in selected:
        bargs = small if args.sizes == "small" else default
        prog = os.path.join(PROGRAMS, name + ".py")
        impls = [Impl("CPython", [args.cpython, prog], env)]
        if args.pypy:
            impls.append(Impl("pypy3", [args.pypy, prog], env))
        impls.append(built[(name, "C")])
        for g, o in fut_configs:
            impls.append(built[(name, g, o)])
        if args.llinterp:
            impls.append(Impl("futamura llinterp", [args.futamura, "run", "--backend=llinterp", prog, "--"]))
        entry = {"name": name, "args": bargs, "impls": {}}
        expected = None
        for impl in impls:
            if impl.name not in order:
                order.append(impl.name)
            rec = {"median": None, "times": [], "ok": False, "error": impl.error,
                   "build_seconds": impl.build_seconds, "peak_rss_mb": None}
            entry["impls"][impl.name] = rec
            if impl.argv is None:
                notes.append((name, impl.name, "n/a: " + impl.error))
                continue
            for k in range(args.runs):
                stdout, rc, stderr, secs = run_once(impl.argv + bargs, impl.env, timeout)
                if stdout is None:
                    rec["error"] = stderr
                    break
                if impl.name == "CPython" and expected is None:
                    expected = (stdout, rc)
                if (stdout, rc) != expected:
                    rec["error"] = "output differs from CPython's (exit %s%s): %s" % (
                        rc, "" if not stderr.strip() else ", stderr " + first_lines(stderr, 2),
                        first_lines(stdout.decode(errors="replace"), 2))
                    rec["times"].append(secs)
                    break
                rec["times"].append(secs)
            if rec["times"]:
                rec["median"] = statistics.median(rec["times"])
            rec["ok"] = rec["error"] is None and bool(rec["times"])
            if rec["ok"]:
                rec["peak_rss_mb"] = peak_rss_mb(rss_helper, impl.argv + bargs, impl.env, timeout, args.workdir)
            rec["ok"] = rec["error"] is None and bool(rec["times"])
            if rec["error"]:
                notes.append((name, impl.name, rec["error"]))
            log("%-12s %-26s %s" % (name, impl.name,
                                    fmt_time(rec["median"]) + ("" if rec["ok"] else "  (%s)" % rec["error"])))
        if expected is not None and expected[1] != 0:
            notes.append("%s: CPython itself exited with code %d" % (name, expected[1]))
        results.append(entry)

    info = machine_info(args)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"machine": info, "sizes": args.sizes, "runs": args.runs, "order": order,
                   "results": results}, f, indent=1)
    plot_note = write_plot(os.path.join(out_dir, "RESULTS.png"), results, order,
                           os.path.join(out_dir, "results.json"), args.cpython)
    md = os.path.join(out_dir, "RESULTS.md")
    write_markdown(md, results, order, info, args, notes, plot_note)
    log("wrote %s" % md)
    bad = [(r["name"], i) for r in results for i, e in r["impls"].items()
           if e["median"] is not None and not e["ok"]]
    return 1 if bad else 0


def plot_only(json_path, png_path):
    """`run.py --plot RESULTS.json OUT.png`: the plot alone, from saved results
    (how write_plot calls an interpreter that has matplotlib)."""
    with open(json_path) as f:
        data = json.load(f)
    note = write_plot(png_path, data["results"], data["order"])
    if note:
        print(note)
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--plot"] and len(sys.argv) == 4:
        sys.exit(plot_only(sys.argv[2], sys.argv[3]))
    sys.exit(main())
