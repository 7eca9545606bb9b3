"""Word-level difference of two texts: kept, removed and added stretches of words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from uppdrag.diff.matching import opcodes

# A word keeps its inner hyphens (no-break ones too), dashes, slashes, colons and dots: 2024-05-21,
# VGR:s, ggr/år.
TOKEN = re.compile(r"\w(?:[\w\-\u2011\u2060–/:.]*\w)?|\s+|[^\w\s]")


SegOp = Literal["=", "-", "+"]


@dataclass(frozen=True)
class Seg:
    """A stretch of words: kept (=), removed (-) or added (+)."""

    op: SegOp
    text: str


# The register's history pages compare every council's revisions, and the councils share most
# of their text: the same pair of paragraphs recurs once per council. The result is immutable.
@lru_cache(maxsize=8192)
def word_diff(old: str, new: str) -> tuple[Seg, ...]:
    """Word-level difference of two texts (their words, spaces and punctuation matched by
    diff/matching.py)."""
    if old == new:
        return (Seg("=", new),) if new else ()
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    segs: list[Seg] = []
    for op, i1, i2, j1, j2 in opcodes(a, b):  # near linear whatever the texts (diff/matching.py)
        if op == "equal":
            segs.append(Seg("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segs.append(Seg("-", "".join(a[i1:i2])))
        if j2 > j1:
            segs.append(Seg("+", "".join(b[j1:j2])))
    return _fold_spaces(segs)


def _fold_spaces(segs: list[Seg]) -> tuple[Seg, ...]:
    """A lone space kept between two changes reads better as part of both."""
    out: list[Seg] = []
    for index, seg in enumerate(segs):
        between = 0 < index < len(segs) - 1 and segs[index - 1].op != "=" and segs[index + 1].op != "="
        if seg.op == "=" and between and not seg.text.strip():
            out.extend((Seg("-", seg.text), Seg("+", seg.text)))
        else:
            out.append(seg)
    merged: list[Seg] = []
    for seg in sorted_changes(out):
        if merged and merged[-1].op == seg.op:
            merged[-1] = Seg(seg.op, merged[-1].text + seg.text)
        else:
            merged.append(seg)
    return tuple(merged)


def sorted_changes(segs: list[Seg]) -> list[Seg]:
    """Within each run of changes, removed words before added ones."""
    out: list[Seg] = []
    run: list[Seg] = []
    for seg in [*segs, Seg("=", "")]:
        if seg.op == "=":
            out += [s for s in run if s.op == "-"] + [s for s in run if s.op == "+"]
            run = []
            if seg.text:
                out.append(seg)
        else:
            run.append(seg)
    return out
