# futamura: hint -O0
# A program without jit_merge_point(): there is no portal to make a JIT of.
def interpret(acc):
    pc = 0
    while pc < 5:
        acc += pc
        pc += 1
    return acc


def entry_point(argv):  # <- error
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
