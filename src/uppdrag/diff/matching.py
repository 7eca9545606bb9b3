"""What two sequences share, in time near linear in their length, whoever wrote them.

`difflib.SequenceMatcher` (autojunk off) finds the longest common run, then does the same on
each side of it. When one token recurs all through both sides (the space between every two
words), each of those searches pairs every occurrence with every other, and the searches are as
many as the changes: a 400-word paragraph rewritten took seconds, 1,600 words minutes, and a
council file's megabyte would never end. Sequences whose lengths multiply to at most `EXACT`
(every text of the real charters: tests/test_diff_linear.py) are matched by difflib exactly as
before, so their diffs are what they were (at that size its worst is 10–20 ms a text). Longer ones
are first cut at their common start and end and at anchors, tokens that occur once on each side
(the longest run of them in the same order, as git's patience diff), and each stretch between
two anchors is matched the same way, down to `DEPTH` levels: by difflib when it is small, else
taken as removed and added whole. Each level is linear in its stretches (the anchors' order by
bisection), and difflib is never given more than `EXACT`.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

EXACT = 25_000  # len(a) * len(b) that difflib matches at once (80 words and their spaces each)
STRETCH = 1_000  # the same between two anchors, where a hostile text could repeat it
DEPTH = 8  # levels of anchors within anchors
Block = tuple[int, int, int]  # a[i:i + n] == b[j:j + n]
Opcode = tuple[str, int, int, int, int]  # as difflib's get_opcodes


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """How to turn `a` into `b`: difflib's get_opcodes() for small inputs, its shape always."""
    if len(a) * len(b) <= EXACT:
        return list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    blocks: list[Block] = []
    _match(a, b, (0, len(a), 0, len(b)), DEPTH, blocks)
    return _opcodes(blocks, len(a), len(b))


def _match(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    span: tuple[int, int, int, int],
    depth: int,
    out: list[Block],
) -> None:
    """The blocks a[alo:ahi] and b[blo:bhi] share, in order, appended to `out`."""
    alo, ahi, blo, bhi = span
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        out.append((alo, blo, head))
    alo, blo = alo + head, blo + head
    tail = 0
    while ahi - tail > alo and bhi - tail > blo and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    ahi, bhi = ahi - tail, bhi - tail
    if alo < ahi and blo < bhi:
        if (ahi - alo) * (bhi - blo) <= STRETCH:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
        elif depth > 0:  # else (or with no anchor) the stretch is left unmatched: removed, added
            anchors = _anchors(a, b, alo, ahi, blo, bhi)
            i, j = alo, blo
            for anchor_a, anchor_b in anchors:
                _match(a, b, (i, anchor_a, j, anchor_b), depth - 1, out)
                out.append((anchor_a, anchor_b, 1))
                i, j = anchor_a + 1, anchor_b + 1
            if anchors:
                _match(a, b, (i, ahi, j, bhi), depth - 1, out)
    if tail:
        out.append((ahi, bhi, tail))


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Tokens found once in a[alo:ahi] and once in b[blo:bhi], the longest run of them in the same
    order on both sides (patience sorting: O(k log k) for k such tokens)."""
    count_a, count_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b]
    tops: list[int] = []  # the smallest last b-position of a run of each length
    ends: list[int] = []  # the pair at the end of that run
    before: list[int] = []  # the pair before each pair in its run
    for index, (_i, j) in enumerate(pairs):
        length = bisect_left(tops, j)
        if length == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[length], ends[length] = j, index
        before.append(ends[length - 1] if length else -1)
    chain: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def _opcodes(blocks: list[Block], len_a: int, len_b: int) -> list[Opcode]:
    """Blocks (in order) as difflib's opcodes: adjacent blocks joined, as difflib does."""
    joined: list[Block] = []
    for i, j, n in blocks:
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + n)
        else:
            joined.append((i, j, n))
    codes: list[Opcode] = []
    i = j = 0
    for ai, bj, n in [*joined, (len_a, len_b, 0)]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            codes.append((tag, i, ai, j, bj))
        if n:
            codes.append(("equal", ai, ai + n, bj, bj + n))
        i, j = ai + n, bj + n
    return codes
