# The command line of the JIT's test programs (tests/jit): the words (a
# program's name, `count`) and the numbers, in order. Imported by them, not
# a program itself.


def split_args(argv):
    """The words and the numbers of argv[1:]."""
    words = []
    numbers = []
    for arg in argv[1:]:
        if arg.isdigit():
            numbers.append(int(arg))
        else:
            words.append(arg)
    return words, numbers
