"""Runs a demonstration interpreter with the JIT on llinterp and checks it.

    run_jit.py FUTAMURA RUNTIME_PYTHON PROGRAM.py [ARGS...] [--expect OPS] [--forbid OPS]

- the output and exit code must be CPython's (the generating extension and
  the residual code it made compute what the interpreter computes);
- with --expect "int_add=4,int_is_true=1": the first compiled green key's
  residual code has exactly these operation counts (and no other operation);
- with --forbid "malloc,getarrayitem": none of these in any compiled code,
  and every green key compiled (none left to the plain interpreter).
"""
import os
import re
import subprocess
import sys


def main():
    args = sys.argv[1:]
    expect = forbid = None
    if "--expect" in args:
        i = args.index("--expect")
        expect = dict((kv.split("=")[0], int(kv.split("=")[1])) for kv in args[i + 1].split(","))
        del args[i:i + 2]
    if "--forbid" in args:
        i = args.index("--forbid")
        forbid = args[i + 1].split(",")
        del args[i:i + 2]
    futamura, runtime, program = args[:3]
    prog_args = args[3:]
    env = dict(os.environ, PYTHONPATH=runtime)
    py = subprocess.run([sys.executable, program] + prog_args, capture_output=True, text=True, env=env)
    jit = subprocess.run([futamura, "run", "--jit", "--jit-stats", program, "--"] + prog_args,
                         capture_output=True, text=True)
    ok = True
    if py.stdout != jit.stdout or py.returncode != jit.returncode:
        print("output differs: CPython exit %d, JIT exit %d" % (py.returncode, jit.returncode))
        print("--- CPython\n" + py.stdout[-2000:] + "--- JIT\n" + jit.stdout[-2000:] + jit.stderr[-3000:])
        ok = False
    units = []
    for line in jit.stderr.splitlines():
        m = re.match(r"jit: \((.*)\): (\d+) residual operations, entered (\d+) times: (.*)$", line)
        if m:
            counts = {}
            for part in m.group(4).split("[")[0].split(","):
                part = part.strip()
                if part:
                    name, n = part.split(":")
                    counts[name.strip()] = int(n)
            units.append(counts)
        elif "not compiled" in line and forbid is not None:
            print("a green key was not compiled: " + line[:300])
            ok = False
    if not units:
        print("nothing was compiled:\n" + jit.stderr[-3000:])
        ok = False
    if expect is not None and units and units[0] != expect:
        print("residual operations %s, expected %s" % (units[0], expect))
        ok = False
    for counts in units:
        for name in forbid or []:
            if counts.get(name):
                print("residual code has %d %s: %s" % (counts[name], name, counts))
                ok = False
    for line in jit.stderr.splitlines():
        if line.startswith("jit:"):
            print(line[:400])
    sys.exit(0 if ok else 1)


main()
