"""Pairing clauses without ids: similarity, one-to-one pairs, what stays in order, new ids."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING, Any, TypeVar

from uppdrag.ingest.blocks import words

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

D = TypeVar("D")
B = TypeVar("B")
STOP = {
    "och",
    "att",
    "som",
    "med",
    "till",
    "den",
    "det",
    "ett",
    "ska",
    "for",
    "fran",
    "inom",
    "samt",
    "ar",
    "av",
    "en",
}


def similarity(a: str, b: str) -> float:
    """How alike two texts are, word by word (0 to 1)."""
    wa, wb = words(a.casefold()), words(b.casefold())
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def pair(
    doc: Sequence[D], base: Sequence[B], score: Callable[[D, B], float], floor: float = 0.5
) -> dict[int, int]:
    """Doc index → base index, one to one, best pairs first (nearer positions win ties)."""
    scored = sorted(
        (
            (s, -abs(i - j), i, j)
            for i, d in enumerate(doc)
            for j, b in enumerate(base)
            if (s := score(d, b)) >= floor
        ),
        reverse=True,
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in scored:
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def kept_in_order(pairs: dict[int, int]) -> set[int]:
    """Doc indexes of the longest run of pairs in the base's order (they need no move)."""
    doc = sorted(pairs)
    best: list[list[int]] = []
    for i in doc:
        fits = [chain for chain in best if pairs[chain[-1]] < pairs[i]]
        best.append([*max(fits, key=lambda chain: len(chain)), i] if fits else [i])
    longest: list[int] = max(best, key=lambda chain: len(chain)) if best else []
    return set(longest)


def readable_id(text: str, taken: set[str]) -> str:
    """An id from a text's first words: "Verka för spridning av …" → verka-spridning-goda."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    tokens = re.findall(r"[a-z0-9]+", ascii_text)
    chosen = [w for w in tokens if w not in STOP and len(w) > 1] or tokens or ["ny"]
    base = "-".join(chosen[:3])[:40].strip("-") or "ny"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def placed(
    doc: Sequence[D], base_ids: list[str], pairs: dict[int, int], entry: Callable[[int, D], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Overlay entries in document order: removals first, then changes, insertions and moves."""
    used = set(pairs.values())
    out: list[dict[str, Any]] = [{"id": i, "remove": True} for j, i in enumerate(base_ids) if j not in used]
    stay = kept_in_order(pairs)
    previous: str | None = None
    for i, d in enumerate(doc):
        e = entry(i, d)
        if i not in stay and base_ids:
            where: dict[str, Any] = {"after": previous} if previous is not None else {"at": "start"}
            if i in pairs:  # a clause of the base out of its order: a move, said explicitly
                where["move"] = True
            e = {"id": e["id"], **where, **{k: v for k, v in e.items() if k != "id"}}
        if len(e) > 1:
            out.append(e)
        previous = e["id"]
    return out
