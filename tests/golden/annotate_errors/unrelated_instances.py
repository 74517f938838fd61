# Refused: the list receives a Cat and a Car, two classes with no common base
# class, so the list has no single item type.


class Cat(object):
    def __init__(self, name):
        self.name = name


class Car(object):
    def __init__(self, name):
        self.name = name


def garage(s):
    things = [Cat(s)]
    things.append(Car(s))  # <- error
    return len(things)


def entry_point(argv):
    garage(argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
