"""The RPython typer's Python side.

`lltype` emulates the C-level type system of the LLTyper (section 3.4 of the
paper): the same types as include/futamura/rtyper/lltype.h, plus Python
objects that behave like C structs, arrays and pointers, so that system code
(helpers such as `ll_append`, the dict implementation, the GCs) runs and is
tested on CPython before it is translated.
"""
