#!/usr/bin/env python3
"""Runs target programs on CPython and on `futamura run --backend=llinterp`
and compares standard output and exit code.

usage: run_llinterp.py [--after STAGE] [--backend c --gc GC] FUTAMURA RUNTIME_PYTHON FILE.py...
Each program gets the arguments `a b`. With --after, llinterp runs the graphs
as they are after that stage of the translation (e.g. `exceptions`); with
--backend c the program is translated to an executable (with --gc) and run.
"""
import os
import subprocess
import sys


def main():
    argv = sys.argv[1:]
    extra = ["--backend=llinterp"]
    while argv[:1] in (["--after"], ["--backend"], ["--gc"]):
        if argv[0] == "--backend":
            extra[0] = "--backend=" + argv[1]
        else:
            extra.append(argv[0] + "=" + argv[1])
        argv = argv[2:]
    futamura, runtime, files = argv[0], argv[1], argv[2:]
    env = dict(os.environ, PYTHONPATH=runtime)
    failures = 0
    for f in files:
        ref = subprocess.run([sys.executable, f, "a", "b"], capture_output=True, env=env, timeout=120)
        got = subprocess.run([futamura, "run"] + extra + [f, "--", "a", "b"],
                             capture_output=True, timeout=600)
        name = os.path.basename(f)
        if got.stdout != ref.stdout or got.returncode != ref.returncode:
            failures += 1
            print("FAIL %s: exit %d (CPython %d)" % (name, got.returncode, ref.returncode))
            exp = ref.stdout.decode(errors="replace").splitlines()
            out = got.stdout.decode(errors="replace").splitlines()
            for i in range(max(len(exp), len(out))):
                e = exp[i] if i < len(exp) else "<missing>"
                o = out[i] if i < len(out) else "<missing>"
                if e != o:
                    print("  line %d: expected %r, got %r" % (i + 1, e, o))
                    break
            if got.stderr:
                print("  stderr: " + got.stderr.decode(errors="replace").strip()[:2000])
        else:
            print("ok   %s" % name)
    sys.exit(1 if failures else 0)


main()
