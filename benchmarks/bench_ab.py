"""Before and after: a full `uppdrag build --force` of synthetic councils, one commit against the tree.

    python benchmarks/bench_ab.py REF [--councils 500] [--runs 8] [--jobs 1]

REF's `src/` is exported to a temporary folder and put first on PYTHONPATH for the "before"
runs; "after" is this working tree. The two alternate (the order swapped every round) and the
ratio after ÷ before is taken within each round, so a slow moment of a shared machine falls on both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import ROOT, make


def compile_catalogs(src: Path) -> None:
    """The exported tree's catalogs compiled, as `make` compiles the working tree's: without its
    `.mo` files, uppdrag reads each `.po` through Babel at start-up and "before" pays for it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in src.glob("uppdrag/locales/*/LC_MESSAGES/uppdrag.po"):
        with po.open("rb") as source:
            catalog = read_po(source)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref")
    parser.add_argument("--councils", type=int, default=500)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        git = ["git", "archive", args.ref, "src"]
        archive = subprocess.run(git, cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        compile_catalogs(base / "src")
        project = make(Path(tmp) / "project", args.councils)
        paths = {"before": base / "src", "after": ROOT / "src"}
        command = [sys.executable, "-m", "uppdrag", "build", "--force", "-j", str(args.jobs)]

        def build(side: str) -> float:
            env = {**os.environ, "PYTHONPATH": str(paths[side])}
            started = time.perf_counter()
            subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
            return time.perf_counter() - started

        build("before"), build("after")  # warm the bytecode caches
        times: dict[str, list[float]] = {"before": [], "after": []}
        ratios = []
        for number in range(args.runs):
            got = {side: build(side) for side in (["before", "after"] if number % 2 else ["after", "before"])}
            for side, seconds in got.items():
                times[side].append(seconds)
            ratios.append(got["after"] / got["before"])
    for side, values in times.items():
        mid = statistics.median(values)
        per = mid / args.councils * 1000
        sys.stdout.write(f"{side}: {mid:.2f} s ({min(values):.2f}–{max(values):.2f}), {per:.2f} ms/council\n")
    mid = statistics.median(ratios)
    spread = f"{min(ratios):.3f}–{max(ratios):.3f}"
    sys.stdout.write(f"after ÷ before: {mid:.3f} ({spread}) over {args.runs} rounds\n")


if __name__ == "__main__":
    main()
