"""Batch figures for `uppdrag build` and `render` against their peers, their floor and typer itself.

    python benchmarks/bench_build.py [--councils 500] [--small 300] [--scale 2000] [--runs 5]
                                     [--write FILE] [--doc docs/speed.md]

Every round runs each measure once, in a rotated order, so that a slow moment of this shared
machine falls on all of them alike; each ratio is taken within one round, and the table shows
the median with min–max over the rounds (benchmarks/goals.py makes the rows). The contenders:

- uppdrag: a full `uppdrag build -f md,docx` of --councils (load, validate, render, write) with
  one worker and with two, divided by the councils;
- floor: in one warm process, the Markdown layout and document.xml rendered by Jinja2, zipped
  with the pre-deflated fixed parts, both written (no load, no validation, no fsync);
- docxtpl: the same content (prepared beforehand) through a docxtpl template trimmed to the
  styles it uses, saved, plus the same Markdown; pandoc: the Markdown written, then one pandoc
  process per document writing the DOCX;
- a minimal typer app: `--help`, and a command writing one file (the yardstick of start-up);
- no-op builds (md,docx and md,docx,html) of --small and --scale councils whose out/ is fresh,
  one edit of one council's file, `build --check`, and `render` of a council whose outputs out/
  holds fresh (copied), of one it does not (rendered; its validated charter kept by a render in
  the set-up, as build/charters.py keeps it) and of one never rendered before;
- with --scale N: a full build of N councils, per council, against the build of --councils.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_docx import content, docxtpl_template, floor
from goals import rows_of, write_table
from synthetic import make

if TYPE_CHECKING:
    from collections.abc import Callable

UPPDRAG = [sys.executable, "-m", "uppdrag"]
SAMPLE = 20  # documents per round for the in-process contenders
PANDOC_SAMPLE = 5  # pandoc processes per round
COLD = 47  # councils of the project `render` renders, beside rad-0000..0002
MINIMAL_TYPER = """
from pathlib import Path
import typer
app = typer.Typer()
@app.command()
def render(name: str) -> None:
    Path(f"{name}.md").write_text(name, encoding="utf-8")
    print(f"{name}.md")
@app.command()
def build() -> None:
    pass
app()
"""


# Every process runs as an installed program does: with its modules' bytecode cached (this
# machine sets PYTHONDONTWRITEBYTECODE, which would compile uppdrag's ~60 modules in every run
# while typer's come compiled from pip), in a folder of the benchmark's own.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path) -> float:
    """Seconds one command takes (it must succeed)."""
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        sys.exit(
            f"{' '.join(command)} in {cwd} failed ({result.returncode}):\n{result.stderr.decode()[-3000:]}"
        )
    return seconds


def per_document(work: Callable[[int], Any], count: int) -> float:
    """Seconds per document of `work(i)` for i in range(count)."""
    started = time.perf_counter()
    for number in range(count):
        work(number)
    return (time.perf_counter() - started) / count


def settle() -> None:
    """Files are trusted by their stat once it is 50 ms old (build/statcache.py)."""
    time.sleep(0.1)


class Bench:
    """The projects, the peers' set-up and one method per measure (each returns seconds)."""

    def __init__(self, work: Path, councils: int, small: int, scale: int | None) -> None:
        from uppdrag.check.charter import load_charter
        from uppdrag.source.project import Project

        self.work, self.n = work, councils
        self.project = make(work / "project", councils)
        self.sites = {size: make(work / f"site{size}", size) for size in (small, scale) if size}
        self.big = make(work / "big", scale) if scale else None
        self.cold = make(work / "cold", COLD + 4)  # rad-0000 to rad-{COLD + 2} and utveckling; no out/
        self.first = 0
        self.render_cold()  # its charter validated and kept, as by any earlier render or build
        self.setup: dict[str, float] = {}
        for size, site in self.sites.items():  # the projects the no-ops run on: out/ fresh, with the site
            self.setup[f"html{size}"] = run([*UPPDRAG, "build", "-f", "md,docx,html", "-j", "2"], site)
            self.setup[f"mddocx{size}"] = self._full(site)
            settle()
            run([*UPPDRAG, "build", "-f", "md,docx,html"], site)  # the stats recorded, settled
        self.council = self.project / "councils/rad-0001.yaml"
        self.council_text = self.council.read_text(encoding="utf-8")
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
        self.build_j2()
        settle()

    def _full(self, project: Path) -> float:
        """A full md,docx build of a copy of `project` (its own out/ left as it is)."""
        copy = self.work / "full"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project / "councils", copy / "councils")
        shutil.copytree(project / "templates", copy / "templates")
        return run([*UPPDRAG, "build", "-f", "md,docx", "-j", "2"], copy)

    def _docxtpl(self) -> Any:
        try:
            from docxtpl import DocxTemplate  # type: ignore[import-not-found,import-untyped,unused-ignore]
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

    def _build(self, project: Path, jobs: int) -> float:
        shutil.rmtree(project / "out", ignore_errors=True)
        seconds = run([*UPPDRAG, "build", "-f", "md,docx", "-j", str(jobs)], project)
        settle()  # the measures after it find out/ fresh, its stats recorded (as a while after a build)
        run([*UPPDRAG, "build", "-f", "md,docx"], project)
        return seconds

    def build_j1(self) -> float:
        return self._build(self.project, 1)

    def build_j2(self) -> float:
        return self._build(self.project, 2)

    def build_big(self) -> float:
        assert self.big is not None
        return self._build(self.big, 2)

    def check(self) -> float:
        return run([*UPPDRAG, "build", "-f", "md,docx", "--check"], self.project)

    def edit(self) -> float:
        """One council's file edited, then built (put back and rebuilt, untimed)."""
        self.council.write_text(self.council_text.replace("name: ", "name: Nya ", 1), encoding="utf-8")
        seconds = run([*UPPDRAG, "build", "-f", "md,docx"], self.project)
        self.council.write_text(self.council_text, encoding="utf-8")
        run([*UPPDRAG, "build", "-f", "md,docx"], self.project)
        settle()
        return seconds

    def noop(self, size: int, formats: str) -> float:
        return run([*UPPDRAG, "build", "-f", formats], self.sites[size])

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

    def render_fresh(self) -> float:
        return run([*UPPDRAG, "--root", str(self.project), "render", "rad-0002", "-o", "r"], self.work)

    def render_cold(self) -> float:
        return run([*UPPDRAG, "--root", str(self.cold), "render", "rad-0002", "-o", "r"], self.work)

    def render_first(self) -> float:
        """A council never rendered before (its charter loaded, validated and kept): a new one each round."""
        self.first += 1
        slug = f"rad-{self.first % COLD + 3:04d}"  # rad-0003 to rad-{COLD + 2}; rad-0002 is render_cold's
        return run([*UPPDRAG, "--root", str(self.cold), "render", slug, "-o", "f"], self.work)

    def typer_command(self) -> float:
        return run([sys.executable, str(self.minimal), "render", "x"], self.work)

    def measures(self) -> dict[str, Callable[[], float]]:
        """Every measure of a round, by name (the no-ops bound to their project and formats)."""
        names = ["build_j1", "build_j2", "floor_doc", "help", "typer_help", "typer_command"]
        names += ["render_fresh", "render_cold", "render_first", "edit", "check"]
        names += ["docxtpl_doc"] if self.docxtpl else []
        names += ["pandoc_doc"] if self.pandoc else []
        names += ["build_big"] if self.big else []
        found: dict[str, Callable[[], float]] = {name: getattr(self, name) for name in names}
        for size in self.sites:
            for formats in ("md,docx", "md,docx,html"):
                found[f"noop_{formats}_{size}"] = functools.partial(self.noop, size, formats)
        return found


def rounds(bench: Bench, runs: int) -> dict[str, list[float]]:
    """`runs` rounds; each measure once per round, the order rotated from round to round. A full
    build of the main project is followed by the measures that need its out/ fresh."""
    measures = bench.measures()
    names = list(measures)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number in range(runs):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(measures[name]())
        print(f"round {number + 1} of {runs} done", file=sys.stderr)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=500)
    parser.add_argument("--small", type=int, default=300, help="councils of the smaller no-op project")
    parser.add_argument("--scale", type=int, help="also build this many councils (cost per council flat?)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path, help="write the table (Markdown) to this file")
    parser.add_argument("--doc", type=Path, help="replace the table between the bench markers of this file")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as folder:
        ENVIRONMENT["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        bench = Bench(Path(folder), args.councils, args.small, args.scale)
        samples = rounds(bench, args.runs)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    title = (
        f"`make bench`: {args.councils} synthetic councils (no-ops at {args.small}"
        f"{f' and {args.scale}' if args.scale else ''}), {args.runs} interleaved rounds, median "
        f"(min–max) of the ratio within each round; {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, CPython {platform.python_version()}; "
        f"load average {load[0]:.1f} / {load[2]:.1f} (1 / 15 min) at the end; "
        f"{(time.perf_counter() - started) / 60:.0f} min in all"
    )
    rows = rows_of(samples, bench.setup, args.councils, args.small, args.scale)
    write_table(title, rows, args.write, args.doc)


if __name__ == "__main__":
    main()
