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


def run(argv):
    """(stdout, exit code, peak resident size in KB as the program reads
    it from /proc/self/status: wait4's figure would count Python's pages,
    the child having been forked without copying them)."""
    p = subprocess.run(argv + ["--rss"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rss = -1
    for line in p.stderr.decode(errors="replace").splitlines():
        if line.startswith("peak_rss_kb "):
            rss = int(line.split()[1])
    if rss <= 0:
        sys.exit("no peak resident size from %s: %s" % (argv, p.stderr.decode(errors="replace")))
    return p.stdout, p.returncode, rss


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
