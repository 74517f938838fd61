"""The GC stress program at a size where collections happen as they do in
real runs (nursery full, thresholds reached), not at every allocation:
tests/programs/gc_stress.py translated with a GC must print what CPython
prints.

usage: run_stress.py FUTAMURA RUNTIME_PYTHON GC [N]
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    futamura, runtime, gc = sys.argv[1:4]
    n = sys.argv[4] if len(sys.argv) > 4 else "20000"
    program = os.path.join(os.path.dirname(HERE), "programs", "gc_stress.py")
    env = dict(os.environ, PYTHONPATH=runtime)
    expected = subprocess.run([sys.executable, program, n], env=env, stdout=subprocess.PIPE,
                              check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "gc_stress")
        subprocess.run([futamura, "translate", program, "-o", exe, "--gc", gc], check=True,
                       stdout=subprocess.DEVNULL)
        got = subprocess.run([exe, n], stdout=subprocess.PIPE, env=dict(os.environ, RPY_GC_STATS="1"),
                             stderr=subprocess.PIPE)
    if got.returncode != 0 or got.stdout != expected:
        sys.exit("gc=%s: exit %d, output %r, CPython printed %r\n%s"
                 % (gc, got.returncode, got.stdout, expected, got.stderr.decode(errors="replace")))
    print("gc=%s: output of gc_stress.py %s equals CPython's" % (gc, n))
    stats = got.stderr.decode(errors="replace").strip()
    if stats:
        print(stats)


if __name__ == "__main__":
    main()
