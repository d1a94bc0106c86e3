#!/usr/bin/env python3
"""Regenerates reference-stack/src/msg/cctab.inc, the RFC 3261 25.1 character
class table used by scan.h (bit meanings are listed there)."""
import os
import string

A, D, H, T, U, US, PW, PA, HN, W, WS, UR, SC, HO, LB, LW = (1 << i for i in range(16))
alpha = set(string.ascii_letters)
digit = set(string.digits)
alnum = alpha | digit
unres = alnum | set("-_.!~*'()")


def bits(ch):
    v = 0
    v |= A if ch in alpha else 0
    v |= D if ch in digit else 0
    v |= H if ch in string.hexdigits else 0
    v |= T if ch in alnum or ch in "-.!%*_+`'~" else 0
    v |= U if ch in unres else 0
    v |= US if ch in unres or ch in "&=+$,;?/" else 0
    v |= PW if ch in unres or ch in "&=+$," else 0
    v |= PA if ch in unres or ch in "[]/:&+$" else 0
    v |= HN if ch in unres or ch in "[]/?:+$" else 0
    v |= W if ch in alnum or ch in "-.!%*_+`'~()<>:\\\"/[]?{}" else 0
    v |= WS if ch in " \t" else 0
    v |= UR if ch in unres or ch in ";/?:@&=+$," else 0
    v |= SC if ch in alnum or ch in "+-." else 0
    v |= HO if ch in alnum or ch in "-." else 0
    v |= LB if ch in alnum or ch in "-" else 0
    v |= LW if ch in " \t\r\n" else 0
    return v


rows = ["\t" + " ".join("0x%04x," % bits(chr(j)) for j in range(i, i + 8)) for i in range(0, 256, 8)]
out = os.path.join(os.path.dirname(__file__), "..", "reference-stack", "src", "msg", "cctab.inc")
with open(out, "w") as f:
    f.write("/* Generated from the RFC 3261 25.1 character sets; see scan.h for the bits. */\n")
    f.write("\n".join(rows) + "\n")
