"""Translates a program's generating extension with the C backend
(`futamura translate --genext`) and checks the static library it makes:
everything the program and its generating extension need is in it, but
the C library and the JIT runtime's functions declared in
runtime/c/futamura_jit.h; the tables RPyJit_tables and the generating
extension are defined. Fails (exit 1) naming what is wrong.

usage: check_genext_lib.py FUTAMURA TARGET.py WORKDIR RUNTIME_C_DIR
"""
import os
import re
import subprocess
import sys


def symbols(args):
    out = subprocess.run(["nm", "--format=posix"] + args, check=True, capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or line.endswith(":") or line.endswith("]:"):
            continue
        name, kind = parts[0], parts[1]
        (undefined if kind in ("U", "w", "v") else defined).add(name)
    return defined, undefined


def system_symbols():
    names = set()
    for lib in ("libc.so.6", "libm.so.6"):
        path = subprocess.run(["cc", "-print-file-name=" + lib], check=True, capture_output=True, text=True).stdout.strip()
        d, _ = symbols(["-D", path])
        names |= {n.split("@")[0] for n in d}
    names.add("_GLOBAL_OFFSET_TABLE_")
    return names


def main():
    futamura, target, workdir, runtime_dir = sys.argv[1:5]
    os.makedirs(workdir, exist_ok=True)
    lib = os.path.join(workdir, os.path.basename(target)[:-3] + "_genext.a")
    keep = os.path.join(workdir, os.path.basename(target)[:-3] + "_genext_c")
    env = dict(os.environ, CFLAGS="-O1 -Wall -Wextra -Werror")
    r = subprocess.run([futamura, "translate", "--genext", "--gc=none", "--keep-c", keep, "-o", lib, target],
                       env=env, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        print("FAIL: translate --genext exited with %d" % r.returncode)
        return 1
    m = re.search(r"the generating extension (\w+) \(", r.stdout)
    if not m:
        print("FAIL: translate --genext did not name the generating extension")
        return 1
    genext = m.group(1)
    with open(os.path.join(runtime_dir, "futamura_jit.h")) as f:
        interface = set(re.findall(r"\b(ext_ts_[a-z_]+)\(", f.read()))
    defined, undefined = symbols([lib])
    missing = undefined - defined - system_symbols()
    errors = []
    outside = sorted(missing - interface)
    if outside:
        errors.append("undefined beyond the JIT runtime's interface: " + ", ".join(outside))
    if "ext_ts_op" not in missing:
        errors.append("the generating extension does not call ext_ts_op")
    for name in ("RPyJit_tables", genext, "main"):
        if name not in defined:
            errors.append(name + " is not defined in " + lib)
    with open(os.path.join(keep, "jit.c")) as f:
        tables = f.read()
    if "(RPyJitCode)&" + genext not in tables:
        errors.append("jit.c does not name the generating extension")
    for e in errors:
        print("FAIL: " + e)
    if errors:
        return 1
    print("ok: %s: the JIT runtime's functions left to link: %s" % (os.path.basename(lib), " ".join(sorted(missing & interface))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
