# Refused: the entry point returns the process exit code, an int.


def entry_point(argv):  # <- error
    return "ok"
