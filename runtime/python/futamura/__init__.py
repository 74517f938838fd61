"""Futamura's runtime package: what RPython programs import.

`futamura.rlib` holds the RPython library: machine-word arithmetic
(`rarithmetic`) and hints to the translator (`objectmodel`). Everything here
runs unmodified on CPython, so a program behaves the same before and after
translation.
"""
