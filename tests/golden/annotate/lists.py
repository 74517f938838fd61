"""Lists: one item type each; methods, slicing, comprehensions, listdef merging."""


class Animal(object):
    # the base class sets the name
    def __init__(self, name):
        self.name = name

    # overridden in the subclasses
    def sound(self):
        return "..."


class Dog(Animal):
    # a dog barks
    def sound(self):
        return "woof"


class Cat(Animal):
    # a cat meows
    def sound(self):
        return "meow"


# a list literal of ints
def literal(n):
    lst = [n, n + 1, n + 2]
    return lst


# [x] * n
def zeros(n):
    return [0] * n


# append and pop
def push_pop(n):
    stack = []
    stack.append(n)
    stack.append(n * 2)
    return stack.pop()


# pop(i) and insert
def rotate(lst):
    x = lst.pop(0)
    lst.insert(0, x + 1)
    return lst


# + and extend
def combine(a, b):
    c = a + b
    c.extend(a)
    return c


# index and remove
def remove_first(lst, x):
    i = lst.index(x)
    lst.remove(x)
    return i


# sort and reverse of ints
def sorted_desc(lst):
    lst.sort()
    lst.reverse()
    return lst


# sort of strs
def first_word(words):
    words.sort()
    return words[0]


# slicing get
def middle(lst, i):
    return lst[1:i] + lst[:-1]


# slice assignment and slice deletion
def splice(lst, x):
    lst[0:2] = [x, x]
    del lst[1:2]
    return len(lst)


# `in` on a list and negative indexing
def has_last(lst, x):
    return x in lst and lst[-1] != x


# item assignment and len
def swap_ends(lst):
    last = len(lst) - 1
    lst[0], lst[last] = lst[last], lst[0]
    return lst


# iteration with accumulation
def total(lst):
    s = 0
    for x in lst:
        s += x
    return s


# list() of a list and of a range
def copies(lst, n):
    a = list(lst)
    b = list(range(n))
    return len(a) + len(b)


# a list of the base class receiving instances of two subclasses
def make_pets(s):
    pets = []
    pets.append(Dog(s))
    pets.append(Cat(s + "2"))
    return pets


# calling an overridden method on the items of a list of the base class
def chorus(pets):
    out = ""
    for p in pets:
        out += p.name + ":" + p.sound()
    return out


# an empty list made in one function...
def new_list():
    return []


# ...and filled with ints in another (the two listdefs are merged)
def add_item(lst, x):
    lst.append(x)


# the list from new_list() and a literal list both flow into add_item
def shared_list(n):
    lst = new_list()
    add_item(lst, n)
    other = [n]
    add_item(other, n + 1)
    return lst[0] + other[1]


# a list comprehension over a range
def squares(n):
    return [i * i for i in range(n)]


# a list comprehension with a filter over strs
def long_words(words, k):
    return [w for w in words if len(w) > k]


# a list of lists
def grid(n):
    rows = []
    for i in range(n):
        rows.append([i] * n)
    return rows[n - 1][0]


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    ints = literal(n)
    zeros(n)
    push_pop(n)
    rotate(ints)
    combine(ints, [n * 3])
    remove_first(ints, n + 1)
    sorted_desc(ints)
    first_word([s, "b", "a"])
    middle(ints, n)
    splice([n, n, n, n], n)
    has_last(ints, n)
    swap_ends(ints)
    total(ints)
    copies(ints, n)
    chorus(make_pets(s))
    shared_list(n)
    squares(n)
    long_words(argv, n)
    grid(n + 1)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
