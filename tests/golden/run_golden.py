"""Runs one golden test of the futamura CLI.

    run_golden.py FUTAMURA VERB CASE.py [--error]

Runs `FUTAMURA VERB CASE.py` in CASE's folder (or the command line a line
`# futamura: VERB OPTIONS...` of CASE.py gives) and compares what it prints
with CASE.expected (stdout for a normal case; stderr for an --error case).
A normal case must exit 0; an error case must exit 2 and its message must
start with `CASE.py:LINE:` where LINE is the line marked `# <- error`.

With FUTAMURA_BLESS=1 in the environment, CASE.expected is rewritten
instead (after checking the exit code and the error line).
"""
import difflib
import os
import subprocess
import sys


def main():
    futamura, verb, case = sys.argv[1:4]
    expect_error = "--error" in sys.argv[4:]
    folder, name = os.path.split(os.path.abspath(case))
    expected_path = os.path.splitext(os.path.join(folder, name))[0] + ".expected"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    # A case may give the whole command line after its name: a line
    # `# futamura: VERB OPTIONS...` (the file name is appended).
    command = [verb]
    with open(os.path.join(folder, name)) as f:
        for line in f:
            if line.startswith("# futamura:"):
                command = line[len("# futamura:"):].split()
                break
    proc = subprocess.run([futamura] + command + [name], cwd=folder, capture_output=True,
                          text=True, env=env, timeout=120)
    if expect_error:
        with open(os.path.join(folder, name)) as f:
            marked = [i + 1 for i, line in enumerate(f) if "# <- error" in line]
        if proc.returncode != 2:
            sys.exit(f"expected exit code 2, got {proc.returncode}\n{proc.stderr}")
        if len(marked) != 1:
            sys.exit(f"{name}: mark exactly one line with '# <- error'")
        prefix = f"{name}:{marked[0]}: "
        if not proc.stderr.startswith(prefix):
            sys.exit(f"expected the message to start with {prefix!r}, got:\n{proc.stderr}")
        actual = proc.stderr
    else:
        if proc.returncode != 0:
            sys.exit(f"expected exit code 0, got {proc.returncode}\n{proc.stderr}")
        actual = proc.stdout
    if os.environ.get("FUTAMURA_BLESS") == "1":
        with open(expected_path, "w") as f:
            f.write(actual)
        print(f"blessed {expected_path}")
        return
    if not os.path.exists(expected_path):
        sys.exit(f"missing {expected_path}; run with FUTAMURA_BLESS=1 to create it")
    with open(expected_path) as f:
        expected = f.read()
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                    expected_path, "actual")
        sys.stdout.writelines(diff)
        sys.exit(f"{name}: output differs from {os.path.basename(expected_path)}")
    print(f"{name}: ok")


if __name__ == "__main__":
    main()
