"""Runs a demonstration interpreter with the JIT on llinterp and checks it.

    run_jit.py FUTAMURA RUNTIME_PYTHON PROGRAM.py [ARGS...] [--expect OPS] [--forbid OPS]

- the output and exit code must be CPython's (the generating extension and
  the residual code it made compute what the interpreter computes);
- with --expect "int_add=4,int_is_true=1": the first compiled green key's
  residual code has exactly these operation counts (and no other operation);
- with --expect-loop OPS: the same for the operations in its loops (blocks
  on a cycle of the residual graph, the cold default paths of promotion
  switches left out);
- with --forbid-loop "malloc,direct_call": none of these in the loops of
  any compiled code, and every green key compiled (none left to the plain
  interpreter).
- with --require-loop "malloc,direct_call": each of these at least once in
  the loops of the first compiled green key (what must stay residual);
- with --expect-fallback: some compilation went over its budget (its
  residual code calls the plain interpreter);
- with --deterministic-show: 'futamura run --jit --jit-show' twice prints
  the same residual graphs, byte for byte (no run-time addresses);
- --futamura-opt=OPTION (repeatable) passes OPTION to 'futamura run', e.g.
  --futamura-opt=--jit-budget=50 or --futamura-opt=--jit-threshold=3.
"""
import os
import re
import subprocess
import sys


def main():
    args = sys.argv[1:]
    def option(name):
        if name not in args:
            return None
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value

    def ops(text):
        return None if text is None else dict((kv.split("=")[0], int(kv.split("=")[1])) for kv in text.split(","))

    futamura_opts = [a[len("--futamura-opt="):] for a in args if a.startswith("--futamura-opt=")]
    args = [a for a in args if not a.startswith("--futamura-opt=")]
    expect_fallback = "--expect-fallback" in args
    deterministic_show = "--deterministic-show" in args
    args = [a for a in args if a not in ("--expect-fallback", "--deterministic-show")]
    require = option("--require-loop")
    require = require.split(",") if require else None
    expect = ops(option("--expect"))
    expect_loop = ops(option("--expect-loop"))
    forbid = option("--forbid-loop")
    forbid = forbid.split(",") if forbid else None
    futamura, runtime, program = args[:3]
    prog_args = args[3:]
    env = dict(os.environ, PYTHONPATH=runtime)
    py = subprocess.run([sys.executable, program] + prog_args, capture_output=True, text=True, env=env)
    jit = subprocess.run([futamura, "run", "--jit", "--jit-stats"] + futamura_opts + [program, "--"] + prog_args,
                         capture_output=True, text=True)
    ok = True
    if py.stdout != jit.stdout or py.returncode != jit.returncode:
        print("output differs: CPython exit %d, JIT exit %d" % (py.returncode, jit.returncode))
        print("--- CPython\n" + py.stdout[-2000:] + "--- JIT\n" + jit.stdout[-2000:] + jit.stderr[-3000:])
        ok = False
    if deterministic_show:
        shows = [subprocess.run([futamura, "run", "--jit", "--jit-show"] + futamura_opts + [program, "--"] + prog_args,
                                capture_output=True, text=True).stderr for _ in range(2)]
        if shows[0] != shows[1]:
            first = [l for l in zip(shows[0].splitlines(), shows[1].splitlines()) if l[0] != l[1]]
            print("--jit-show differs between two runs: %s" % (first[:3] or "in length"))
            ok = False
        elif "switch" not in shows[0]:
            print("--jit-show printed no switch (nothing promoted):\n" + shows[0][-2000:])
            ok = False

    def histogram(text):
        counts = {}
        for part in text.split("[")[0].split(","):
            part = part.strip()
            if part:
                name, n = part.split(":")
                counts[name.strip()] = int(n)
        return counts

    units, loops = [], []
    for line in jit.stderr.splitlines():
        m = re.match(r"jit: \((.*)\): (\d+) residual operations, entered (\d+) times: (.*)$", line)
        if m:
            units.append(histogram(m.group(4)))
        m = re.match(r"jit:   in loops: (\d+): (.*)$", line)
        if m:
            loops.append(histogram(m.group(2)))
        elif "not compiled" in line and forbid is not None:
            print("a green key was not compiled: " + line[:300])
            ok = False
    if not units:
        print("nothing was compiled:\n" + jit.stderr[-3000:])
        ok = False
    if expect is not None and units and units[0] != expect:
        print("residual operations %s, expected %s" % (units[0], expect))
        ok = False
    if expect_loop is not None and loops and loops[0] != expect_loop:
        print("residual operations in loops %s, expected %s" % (loops[0], expect_loop))
        ok = False
    for name in require or []:
        if loops and not loops[0].get(name):
            print("the residual loops have no %s: %s" % (name, loops[0]))
            ok = False
    if expect_fallback and "over budget" not in jit.stderr:
        print("no compilation went over its budget")
        ok = False
    for counts in loops:
        for name in forbid or []:
            if counts.get(name):
                print("a residual loop has %d %s: %s" % (counts[name], name, counts))
                ok = False
    for line in jit.stderr.splitlines():
        if line.startswith("jit:"):
            print(line[:400])
    sys.exit(0 if ok else 1)


main()
