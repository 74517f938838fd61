"""Mixins (classes marked `_mixin_ = True`) lend their methods to the classes
that mix them in, which dispatch on them like on their own methods."""


class ShowMixin(object):
    _mixin_ = True

    def show(self):
        return "mixin"


class Base(object):
    def show(self):
        return "base"


class Child(ShowMixin, Base):   # ShowMixin.show overrides Base.show
    pass


class Node(object):
    pass


class Leaf(Node, ShowMixin):    # show() only through the mixin
    pass


class Inner(Node):
    def show(self):
        return "inner"


# dispatch between a base method and a mixin override
def show_all(lst):
    out = []
    for x in lst:
        out.append(x.show())
    return out


# a method that the base does not have, found in every subclass
def show_node(n):
    return n.show()


def entry_point(argv):
    print(", ".join(show_all([Child(), Base()])))
    node = Leaf() if len(argv) > 1 else Inner()
    print(show_node(node))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
