"""BUILD_* literals: tuples, lists, dicts, sets, bytes, str."""


# tuple literal of constants and of variables
def tuples(a, b):
    t1 = (1, 2, 3)
    t2 = (a, b, a + b)
    return t1[0] + t2[2]


# list literals, empty and filled
def lists(a, b):
    empty = []
    full = [a, b, 3]
    empty.append(a)
    return len(empty) + full[2]


# dict literal with constant keys (BUILD_CONST_KEY_MAP)
def const_key_dict(a, b):
    d = {"x": a, "y": b, "z": 0}
    return d["x"] + d["y"]


# dict literal with variable keys (BUILD_MAP) and empty dict
def var_key_dict(k1, k2, v):
    d = {k1: v, k2: v + 1}
    e = {}
    e[k1] = 5
    return d[k2] + e[k1]


# set literal and empty set
def sets(a, b):
    s = {a, b, 7}
    t = set()
    t.add(a)
    return len(s) + len(t)


# bytes literal and indexing b"x"[0]
def bytes_ops(i):
    data = b"abcdef"
    first = b"x"[0]
    return data[i] + first


# str literals, concatenation and repetition
def strings(s, n):
    sep = ", "
    return sep.join([s, "lit", s * n])


# nested literals
def nested_literals(a):
    m = {"pts": [(a, 1), (2, a)], "more": [(0, 0)]}
    return len(m["pts"]) + m["more"][0][1]


# list repetition and concatenation
def list_ops(a, n):
    lst = [a] * n
    return lst + [0, 1]


# float and negative literals, big ints
def numeric_literals(x):
    return x * 2.5 - 1e3 + float(-7) + float(0x7FFFFFFF)


# calls other literal builders
def literal_combo(a, b):
    return tuples(a, b) + lists(a, b) + const_key_dict(a, b)


# a dict display of more than 16 entries (3.11 builds it in two maps)
def big_dict(x):
    return {"k0": x, "k1": x, "k2": x, "k3": x, "k4": x, "k5": x, "k6": x,
            "k7": x, "k8": x, "k9": x, "k10": x, "k11": x, "k12": x, "k13": x,
            "k14": x, "k15": x, "k16": x, "k17": x}
