"""What the template sandbox costs: the urologi charter rendered (Markdown, DOCX) through the
sandboxed layout environments, and through plain Jinja2 environments with the same options.

    python benchmarks/bench_sandbox.py [--rounds N] [--runs N]

The two alternate in interleaved rounds (the order swapped each round), so a slow moment of a
shared machine falls on both; each round gives the median CPU milliseconds per document of each
(process time: on a loaded machine, waiting for a core is not the sandbox's cost) and their
ratio. Prints, per output, the median (min–max) over the rounds, and checks that both produce
the same bytes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ["UPPDRAG_NO_CACHE"] = "1"  # both compile from source: the bytecode cache is not compared

import jinja2

import uppdrag.sandbox
from uppdrag import session
from uppdrag.check.charter import load_charter
from uppdrag.render import docx, markdown
from uppdrag.source.project import find_project

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
SANDBOX, RENDER = uppdrag.sandbox.Sandbox, uppdrag.sandbox.render


class Plain(jinja2.Environment):
    """A plain environment that takes what the layouts give a Sandbox."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trusted: set[Any] = set()


def cpu_ms(work: Callable[[], Any], runs: int, inner: int) -> float:
    """Median CPU milliseconds of one `work()` (after one warm-up call)."""
    work()
    samples = []
    for _ in range(runs):
        started = time.process_time()
        for _ in range(inner):
            work()
        samples.append((time.process_time() - started) * 1000 / inner)
    return statistics.median(samples)


def use(sandboxed: bool) -> None:
    """Make the layout environments sandboxed (as shipped) or plain Jinja2."""
    uppdrag.sandbox.Sandbox = SANDBOX if sandboxed else Plain  # type: ignore[assignment,misc,unused-ignore]
    uppdrag.sandbox.render = RENDER if sandboxed else (lambda template, context: template.render(context))  # type: ignore[assignment,unused-ignore]
    session.current().clear()  # environments made again with the class just chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7, help="median of this many timings per round")
    args = parser.parse_args()
    project = find_project(ROOT)
    charter = load_charter(project, "urologi").charter
    templates = project.templates_dir
    cases: dict[str, Callable[[], Any]] = {
        "md": lambda: markdown.render_markdown(charter, templates),
        "docx": lambda: docx.render_docx(charter, templates),
    }
    times: dict[tuple[str, bool], list[float]] = {(name, on): [] for name in cases for on in (True, False)}
    outputs: dict[bool, dict[str, Any]] = {}
    for number in range(args.rounds):
        for sandboxed in (True, False) if number % 2 == 0 else (False, True):
            use(sandboxed)
            outputs[sandboxed] = {name: work() for name, work in cases.items()}
            for name, work in cases.items():
                times[name, sandboxed].append(cpu_ms(work, args.runs, inner=20))
    use(True)
    assert outputs[True] == outputs[False], "the sandbox changed the output"
    print(f"{platform.machine()}, CPython {platform.python_version()}, Jinja2 {jinja2.__version__}, ", end="")
    print(f"{args.rounds} interleaved rounds, load average {os.getloadavg()[0]:.1f} at the end")
    print("| output | plain Jinja2 (CPU ms) | sandboxed (CPU ms) | sandboxed ÷ plain, per round |")
    print("| --- | ---: | ---: | ---: |")
    for name in cases:
        plain, boxed = times[name, False], times[name, True]
        ratios = [b / p for b, p in zip(boxed, plain, strict=True)]
        print(
            f"| {name} | {statistics.median(plain):.3f} | {statistics.median(boxed):.3f} "
            f"| {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) |"
        )


if __name__ == "__main__":
    main()
