"""Memory stays bounded: bounded.py translated with a GC runs N and 10*N
iterations; the peak resident size of the long run must stay within 1.5x
(plus 4 MB) of the short one's, and the output must equal CPython's.

usage: run_bounded.py FUTAMURA RUNTIME_PYTHON GC
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv, env=None):
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, env=env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.stdout.close()
    return out, os.waitstatus_to_exitcode(status), usage.ru_maxrss  # KB


def main():
    futamura, runtime, gc = sys.argv[1:4]
    program = os.path.join(HERE, "bounded.py")
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "bounded")
        subprocess.run([futamura, "translate", program, "-o", exe, "--gc", gc], check=True,
                       stdout=subprocess.DEVNULL)
        env = dict(os.environ, PYTHONPATH=runtime)
        short, long_ = 20000, 200000
        expected = subprocess.run([sys.executable, program, str(short)], env=env, stdout=subprocess.PIPE,
                                  check=True).stdout
        out1, rc1, rss1 = run([exe, str(short)])
        out2, rc2, rss2 = run([exe, str(long_)])
    if rc1 or rc2:
        sys.exit("exit codes %d, %d" % (rc1, rc2))
    if out1 != expected:
        sys.exit("output %r, CPython printed %r" % (out1, expected))
    print("gc=%s: peak RSS %d KB for %d iterations, %d KB for %d" % (gc, rss1, short, rss2, long_))
    if rss2 > rss1 * 1.5 + 4096:
        sys.exit("the resident size grew with the iterations: %d KB -> %d KB" % (rss1, rss2))


if __name__ == "__main__":
    main()
