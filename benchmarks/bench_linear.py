"""Cost per item as inputs grow: what must stay linear (issue 21).

    python benchmarks/bench_linear.py [--sizes 1000,5000,25000]

Four inputs at each size N: importing a Markdown document of N short paragraphs that continue
one another (the page-break joining in `ingest/blocks.py`: read and joined), a council whose
overlay adds N blocks to one section (`source/overlay.py`: composed and validated), the same
council's overlay placing each block `after:` the one before (anchors looked up by id), and the
word diff of a paragraph of N words, each tenth its own and the rest from three, every other
one replaced (the worst for difflib: `diff/matching.py`). Prints milliseconds per item; linear
means the figure stays flat as N grows five-fold.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]


def markdown(n: int) -> str:
    """N paragraphs, each continuing the one before it in lower case (all joined into one)."""
    return "# Uppdrag\n\n" + "\n\n".join(f"och stycke {i} utan punkt" for i in range(n)) + "\n"


def council(n: int, after: bool) -> str:
    """A council adding N blocks to one section, each `at: end` or `after:` the one before (ids
    in base 36, so 25,000 blocks stay under the 1 MB a YAML file may have)."""

    def ident(i: int) -> str:
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        text = ""
        while True:
            i, rest = divmod(i, 36)
            text = digits[rest] + text
            if not i:
                return "b" + text

    head = 'name: urologi\nbase: samordningsrad\nrevision: "2026"\nsections:\n- id: syfte\n  blocks:\n'
    place = [f"after: {ident(i - 1)}" if after and i else "at: end" for i in range(n)]
    return head + "".join(f"  - {{id: {ident(i)}, {place[i]}, text: x}}\n" for i in range(n))


def rewritten(n: int) -> tuple[str, str]:
    """A paragraph of N words, each tenth its own and the rest from three, and the same with
    every other word replaced."""
    three = ("samordning", "och", "ansvar")
    old = [f"ord{i}" if i % 10 == 5 else three[(i * i + i // 3) % 3] for i in range(n)]
    return " ".join(old), " ".join(word if i % 2 else "förändring" for i, word in enumerate(old))


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,25000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.words import word_diff
    from uppdrag.ingest.blocks import join_broken
    from uppdrag.ingest.read_text import read_markdown
    from uppdrag.source.project import Project

    def read_and_join(text: str) -> object:
        return join_broken(read_markdown(text))

    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(ROOT / "councils", folder / "councils")
        shutil.copytree(ROOT / "templates", folder / "templates")
        header = ("import ms/item", "at: end ms/item", "after: ms/item", "diff ms/word")
        print(f"{'items':>7} " + " ".join(f"{name:>16}" for name in header))
        for n in sizes:
            text = markdown(n)
            imported = seconds(partial(read_and_join, text))
            times = []
            for after in (False, True):
                (folder / "councils/urologi.yaml").write_text(council(n, after), encoding="utf-8")
                project = Project(folder)
                times.append(seconds(partial(load_charter, project, "urologi")))
            diffed = seconds(partial(word_diff, *rewritten(n)))
            per = [imported * 1000 / n, times[0] * 1000 / n, times[1] * 1000 / n, diffed * 1000 / n]
            print(f"{n:>7} " + " ".join(f"{value:>16.4f}" for value in per))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
