# Refused: jit_merge_point must name exactly the driver's greens and reds.
from futamura.rlib.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc"])


def run(code, acc):
    pc = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, total=acc)  # <- error
        acc += code[pc]
        pc += 1
    return acc
