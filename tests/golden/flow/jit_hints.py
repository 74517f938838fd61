# The JIT generator's hints (futamura.rlib.jit) become operations:
# jit_marker with the driver's greens then reds (in the driver's order,
# whatever the keyword order), hint(value, 'promote' | 'concrete'), and
# jit_we_are_jitted.
from futamura.rlib.jit import JitDriver, hint, promote, we_are_jitted

driver = JitDriver(greens=["pc", "code"], reds=["acc"])


def run(code, acc):
    pc = 0
    while pc < len(code):
        driver.jit_merge_point(acc=acc, code=code, pc=pc)
        op = hint(code[pc], concrete=True)
        acc = promote(acc) + op
        pc += 1
        if we_are_jitted():
            acc += 1
    return acc
