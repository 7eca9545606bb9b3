"""Cost per item as inputs grow: what must stay linear (issue 21).

    python benchmarks/bench_linear.py [--sizes 1000,5000,25000]

Three inputs at each size N: importing a Markdown document of N short paragraphs that continue
one another (the page-break joining in `ingest/blocks.py`: read and joined), a council whose
overlay adds N blocks to one section (`source/overlay.py`: composed and validated), and the same
council's overlay placing each block `after:` the one before (anchors looked up by id). Prints
milliseconds per item; linear means the figure stays flat as N grows five-fold.
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


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,25000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    from uppdrag.check.charter import load_charter
    from uppdrag.ingest.blocks import join_broken
    from uppdrag.ingest.read_text import read_markdown
    from uppdrag.source.project import Project

    def read_and_join(text: str) -> object:
        return join_broken(read_markdown(text))

    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(ROOT / "councils", folder / "councils")
        shutil.copytree(ROOT / "templates", folder / "templates")
        print(f"{'items':>7} {'import ms/item':>15} {'at: end ms/item':>16} {'after: ms/item':>15}")
        for n in sizes:
            text = markdown(n)
            imported = seconds(partial(read_and_join, text))
            times = []
            for after in (False, True):
                (folder / "councils/urologi.yaml").write_text(council(n, after), encoding="utf-8")
                project = Project(folder)
                times.append(seconds(partial(load_charter, project, "urologi")))
            per = [imported * 1000 / n, times[0] * 1000 / n, times[1] * 1000 / n]
            print(f"{n:>7} {per[0]:>15.4f} {per[1]:>16.4f} {per[2]:>15.4f}")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
