#!/usr/bin/env python3
"""Paired comparison of two variants on the same LFW pairs (issue 12): reads two files written by
`eval.cs ... --devtest --pairs-out F` (one line per pair: same, distance, decision at the DevTrain threshold) and prints
each side's correct pairs, the discordant pairs (right on one side only) and McNemar's exact two-sided p-value.
Usage: paired.py A.pairs B.pairs"""
import sys
from math import comb


def correct(path):
    rows = [line.split('\t') for line in open(path) if line.strip()]
    return [int(r[0]) == int(r[2]) for r in rows]


a, b = correct(sys.argv[1]), correct(sys.argv[2])
assert len(a) == len(b), "the two files score different pair lists"
only_a = sum(1 for x, y in zip(a, b) if x and not y)
only_b = sum(1 for x, y in zip(a, b) if y and not x)
n = only_a + only_b
p = min(1.0, 2 * sum(comb(n, i) for i in range(min(only_a, only_b) + 1)) / 2 ** n) if n else 1.0
print(f"{sys.argv[1]}: {sum(a)}/{len(a)} right; {sys.argv[2]}: {sum(b)}/{len(b)} right; "
      f"right only on the first {only_a}, only on the second {only_b}; McNemar exact p = {p:.3f}")
