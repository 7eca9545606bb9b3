"""Batch figures for `uppdrag build` against its peers and its floor, interleaved, as ratios.

    python benchmarks/bench_build.py [--councils 500] [--scale 2000] [--runs 5] [--write FILE]

Every round runs each measure once, in a rotated order, so that a slow moment of this shared
machine falls on all of them alike; each ratio is taken within one round, and the table shows
the median with min–max over the rounds. Every contender does the same work per council: the
Markdown and the DOCX written to files.

- uppdrag: a full `uppdrag build` (load, validate, render, write) divided by the councils;
- floor: in one warm process, the Markdown layout and document.xml rendered by Jinja2, zipped
  with the pre-deflated fixed parts, both written (no load, no validation, no fsync);
- docxtpl: the same content through a docxtpl template, saved, plus the same Markdown;
- pandoc: the Markdown written, then one pandoc process per document writing the DOCX;
- the no-op rebuild, `build --check` and one base edit against a full build;
- `uppdrag --help` and one `uppdrag render` against a minimal typer app;
- with --scale N: a full build of N councils, per council, against the build of --councils.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_docx import content, docxtpl_template, floor, report
from synthetic import make

if TYPE_CHECKING:
    from collections.abc import Callable

UPPDRAG = [sys.executable, "-m", "uppdrag"]
SAMPLE = 20  # documents per round for the in-process contenders
PANDOC_SAMPLE = 5  # pandoc processes per round
MINIMAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def render(name: str) -> None:
    print(name)
@app.command()
def build() -> None:
    pass
app()
"""


def run(command: list[str], cwd: Path) -> float:
    """Seconds one command takes (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def per_document(work: Callable[[int], Any], count: int) -> float:
    """Seconds per document of `work(i)` for i in range(count)."""
    started = time.perf_counter()
    for number in range(count):
        work(number)
    return (time.perf_counter() - started) / count


def spread(values: list[float], unit: Callable[[float], str]) -> str:
    """`median (min–max)`."""
    return f"{unit(statistics.median(values))} ({unit(min(values))}–{unit(max(values))})"


class Bench:
    """The projects, the peers' set-up and one method per measure (each returns seconds)."""

    def __init__(self, work: Path, councils: int, scale: int | None) -> None:
        from uppdrag.check.charter import load_charter
        from uppdrag.source.project import Project

        self.work, self.n = work, councils
        self.project = make(work / "project", councils)
        self.big = make(work / "big", scale) if scale else None
        self.base = self.project / "councils/bases/samordningsrad/2026.yaml"
        self.base_text = self.base.read_text(encoding="utf-8")
        project = Project(self.project)
        self.charters = [load_charter(project, f"rad-{i:04d}").charter for i in range(SAMPLE)]
        self.templates = self.project / "templates"
        self.files = work / "files"
        self.files.mkdir()
        self.minimal = work / "minimal.py"
        self.minimal.write_text(MINIMAL_TYPER, encoding="utf-8")
        self.docxtpl = self._docxtpl()
        self.pandoc = shutil.which("pandoc")
        self.floor(0)  # warm up: imports, templates compiled, fixed parts deflated

    def _docxtpl(self) -> Any:
        try:
            from docxtpl import DocxTemplate  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            print("docxtpl not installed (make bench installs it)", file=sys.stderr)
            return None
        template = docxtpl_template(self.work)
        data = [content(c) for c in self.charters]

        def one(number: int) -> None:
            document = DocxTemplate(str(template))
            document.render(data[number])
            document.save(str(self.files / f"t{number}.docx"))
            self._markdown(number, "t")

        one(0)
        return one

    def _markdown(self, number: int, prefix: str) -> None:
        from uppdrag.render.markdown import render_markdown

        text = render_markdown(self.charters[number], self.templates)
        (self.files / f"{prefix}{number}.md").write_bytes(text.encode("utf-8"))

    def build(self) -> float:
        shutil.rmtree(self.project / "out", ignore_errors=True)
        return run([*UPPDRAG, "build"], self.project)

    def build_big(self) -> float:
        assert self.big is not None
        shutil.rmtree(self.big / "out", ignore_errors=True)
        return run([*UPPDRAG, "build"], self.big)

    def noop(self) -> float:
        return run([*UPPDRAG, "build"], self.project)

    def check(self) -> float:
        return run([*UPPDRAG, "build", "--check"], self.project)

    def edit(self) -> float:
        """One edit of samordningsrad/2026 (then put back and rebuilt, untimed)."""
        self.base.write_text(self.base_text.replace("Effektiva och korta", "Korta"), encoding="utf-8")
        seconds = run([*UPPDRAG, "build"], self.project)
        self.base.write_text(self.base_text, encoding="utf-8")
        run([*UPPDRAG, "build"], self.project)
        return seconds

    def floor(self, number: int) -> None:
        (self.files / f"f{number}.docx").write_bytes(floor(self.charters[number], self.templates))
        self._markdown(number, "f")

    def floor_doc(self) -> float:
        return per_document(self.floor, SAMPLE)

    def docxtpl_doc(self) -> float:
        return per_document(self.docxtpl, SAMPLE)

    def pandoc_doc(self) -> float:
        def one(number: int) -> None:
            self._markdown(number, "p")
            md = self.files / f"p{number}.md"
            subprocess.run(
                [str(self.pandoc), "-f", "markdown", "-t", "docx", "-o", f"p{number}.docx", md],
                cwd=self.files,
                check=True,
            )

        return per_document(one, PANDOC_SAMPLE)

    def help(self) -> float:
        return run([*UPPDRAG, "--help"], self.work)

    def typer_help(self) -> float:
        return run([sys.executable, str(self.minimal), "--help"], self.work)

    def render(self) -> float:
        return run([*UPPDRAG, "--root", str(self.project), "render", "rad-0000", "-o", "r"], self.work)

    def typer_render(self) -> float:
        return run([sys.executable, str(self.minimal), "render", "x"], self.work)


def rounds(bench: Bench, runs: int) -> dict[str, list[float]]:
    """`runs` rounds; each measure once per round, the order rotated from round to round."""
    names = ["build", "floor_doc", "help", "typer_help", "render", "typer_render", "edit"]
    names += ["docxtpl_doc"] if bench.docxtpl else []
    names += ["pandoc_doc"] if bench.pandoc else []
    names += ["build_big"] if bench.big else []
    samples: dict[str, list[float]] = {name: [] for name in [*names, "noop", "check"]}
    for number in range(runs):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(getattr(bench, name)())
            if name == "build":  # out/ is fresh right after a full build
                samples["noop"].append(bench.noop())
                samples["check"].append(bench.check())
    return samples


def table(samples: dict[str, list[float]], n: int, scale: int | None) -> list[tuple[str, ...]]:
    """One row per goal: the figures, the ratio per round (median, min–max), the goal, met or not."""

    def ms(seconds: float) -> str:
        return f"{1000 * seconds:.1f} ms"

    def s(seconds: float) -> str:
        return f"{seconds:.2f} s"

    def ratio(top: str, bottom: str, over: float = 1.0, under: float = 1.0) -> list[float]:
        return [(a / over) / (b / under) for a, b in zip(samples[top], samples[bottom], strict=True)]

    rows: list[tuple[str, ...]] = []

    def row(measure: str, figures: str, ratios: list[float], unit: str, goal: str, met: bool) -> None:
        shown = spread(ratios, lambda r: f"{r:.2f}{unit}" if unit != "%" else f"{100 * r:.1f} %")
        rows.append((measure, figures, shown, goal, "yes" if met else "**no**"))

    build = [b / n for b in samples["build"]]
    samples["uppdrag_doc"] = build
    per = f"uppdrag {spread(build, ms)} / council"
    for peer, goal in (("docxtpl", 10.0), ("pandoc", 30.0)):  # how many times faster uppdrag is
        if samples.get(f"{peer}_doc"):
            r = ratio(f"{peer}_doc", "uppdrag_doc")
            row(
                f"build, MD+DOCX, per council: {peer} ÷ uppdrag",
                f"{per}; {peer} {spread(samples[f'{peer}_doc'], ms)}",
                r,
                "×",
                f"≥ {goal:.0f}×",
                statistics.median(r) >= goal,
            )
    r = ratio("uppdrag_doc", "floor_doc")
    row(
        "same: uppdrag ÷ the floor",
        f"floor {spread(samples['floor_doc'], ms)}",
        r,
        "×",
        "≤ 3×",
        statistics.median(r) <= 3,
    )
    r = ratio("noop", "build")
    row(
        "no-op rebuild vs full build",
        f"{spread(samples['noop'], s)} vs {spread(samples['build'], s)}",
        r,
        "%",
        "≤ 5 %",
        statistics.median(r) <= 0.05,
    )
    r = ratio("check", "build")
    row("`build --check` (renders all) vs full build", spread(samples["check"], s), r, "%", "(report)", True)
    r = ratio("edit", "build")
    row("one edit of samordningsrad/2026 vs full build", spread(samples["edit"], s), r, "%", "(report)", True)
    r = ratio("help", "typer_help")
    row(
        "`uppdrag --help` vs a minimal typer app",
        f"{spread(samples['help'], ms)} vs {spread(samples['typer_help'], ms)}",
        r,
        "×",
        "≤ 1.0×",
        statistics.median(r) <= 1.0,
    )
    r = ratio("render", "typer_render")
    row(
        "one `uppdrag render` (MD+DOCX) vs a minimal typer command",
        f"{spread(samples['render'], ms)} vs {spread(samples['typer_render'], ms)}",
        r,
        "×",
        "≤ 1.25×",
        statistics.median(r) <= 1.25,
    )
    if scale:
        r = ratio("build_big", "build", over=scale, under=n)
        row(
            f"build of {scale} councils, per council, vs {n}",
            f"{spread(samples['build_big'], s)} in all",
            r,
            "×",
            "flat (≈ 1×)",
            statistics.median(r) <= 1.15,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=500)
    parser.add_argument("--scale", type=int, help="also build this many councils (cost per council flat?)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as folder:
        bench = Bench(Path(folder), args.councils, args.scale)
        samples = rounds(bench, args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    title = (
        f"`uppdrag build` on {args.councils} synthetic councils; {args.runs} interleaved rounds, "
        f"median (min–max); {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"CPython {platform.python_version()}; load average {load:.1f} at the end"
    )
    header = ("measure", "figures", "ratio in the same round", "goal", "met")
    report(title, header, "--- --- ---: --- ---", table(samples, args.councils, args.scale), args.write)


if __name__ == "__main__":
    main()
