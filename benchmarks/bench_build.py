"""Batch figures for `uppdrag build`, measured side by side in one run (medians of several runs).

    python benchmarks/bench_build.py [--councils 500] [--runs 3] [--write FILE]

- full build per document, against docxtpl and pandoc on the same content;
- a no-op rebuild against a full build;
- one base edit: how many councils it rebuilds (only those it reaches) and how long it takes;
- `uppdrag --help` against a minimal typer app;
- one `uppdrag render` process against one pandoc conversion.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_docx import content, docxtpl_template, median_ms, report
from synthetic import make

UPPDRAG = [sys.executable, "-m", "uppdrag"]
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


def wall(command: list[str], cwd: Path, runs: int, before: Callable[[], None] = lambda: None) -> float:
    """Median seconds of a command (after `before` each time)."""
    samples = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    n, runs = args.councils, args.runs
    rows: list[tuple[str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as folder:
        work = Path(folder)
        project = make(work / "project", n)
        out = project / "out"

        def clean() -> None:
            shutil.rmtree(out, ignore_errors=True)

        full = wall([*UPPDRAG, "build"], project, runs, clean)
        docx_only = wall([*UPPDRAG, "build", "-f", "docx"], project, runs, clean)
        subprocess.run([*UPPDRAG, "build"], cwd=project, check=True, capture_output=True)
        noop = wall([*UPPDRAG, "build"], project, max(runs, 5))
        check = wall([*UPPDRAG, "build", "--check"], project, runs)  # renders everything in memory

        # the same content through the peers, per document
        from uppdrag.check.charter import load_charter
        from uppdrag.render.markdown import render_markdown
        from uppdrag.source.project import Project

        charter = load_charter(Project(project), "rad-0000").charter
        data = content(charter)
        peer_ms: dict[str, float] = {}
        try:
            import io

            from docxtpl import DocxTemplate

            template = docxtpl_template(work)

            def docxtpl_render() -> None:
                document = DocxTemplate(str(template))
                document.render(data)
                document.save(io.BytesIO())

            peer_ms["docxtpl"] = median_ms(docxtpl_render, max(runs, 9))
        except ImportError:
            print("docxtpl not installed (make bench installs it)", file=sys.stderr)
        if shutil.which("pandoc"):
            md = work / "doc.md"
            md.write_text(render_markdown(charter, project / "templates"), encoding="utf-8")
            peer_ms["pandoc"] = 1000 * wall(
                ["pandoc", "-f", "markdown", "-t", "docx", "-o", "x.docx", str(md)], work, max(runs, 9)
            )

        per_doc = 1000 * docx_only / n
        rows.append((f"full build, DOCX, {n} councils", f"{docx_only:.2f} s", f"{per_doc:.2f} ms / document"))
        rows.append(
            (
                f"full build, Markdown + DOCX, {n} councils",
                f"{full:.2f} s",
                f"{1000 * full / n:.2f} ms / document",
            )
        )
        for name, ms in peer_ms.items():
            rows.append(
                (f"{name}, one DOCX", f"{ms:.1f} ms", f"uppdrag is {ms / per_doc:.1f}× faster per document")
            )
        rows.append(("no-op rebuild", f"{noop:.2f} s", f"{100 * noop / full:.1f} % of a full build"))
        rows.append(
            ("build --check (fresh out/)", f"{check:.2f} s", f"{100 * check / full:.1f} % of a full build")
        )

        # one base edit reaches only the councils on that base
        base = project / "councils/bases/samordningsrad/2026.yaml"
        text = base.read_text(encoding="utf-8")
        base.write_text(text.replace("Effektiva och korta möten", "Korta möten"), encoding="utf-8")
        started = time.perf_counter()
        result = subprocess.run([*UPPDRAG, "build"], cwd=project, check=True, capture_output=True, text=True)
        edit = time.perf_counter() - started
        rebuilt = sum(1 for line in result.stdout.splitlines() if ": built" in line)
        on_2026 = sum(
            1 for p in (project / "councils").glob("*.yaml") if 'revision: "2026"' in p.read_text("utf-8")
        )
        rows.append(
            (
                "one edit of samordningsrad/2026",
                f"{edit:.2f} s",
                f"{rebuilt} rebuilt; {on_2026} councils are on that base; {n - rebuilt} untouched",
            )
        )

        minimal = work / "minimal.py"
        minimal.write_text(MINIMAL_TYPER, encoding="utf-8")
        env_runs = max(runs, 9)
        help_ours = wall([*UPPDRAG, "--help"], work, env_runs)
        help_typer = wall([sys.executable, str(minimal), "--help"], work, env_runs)
        rows.append(
            (
                "`uppdrag --help`",
                f"{1000 * help_ours:.0f} ms",
                f"{help_ours / help_typer:.2f}× a minimal typer app ({1000 * help_typer:.0f} ms)",
            )
        )
        render_one = wall(
            [*UPPDRAG, "--root", str(project), "render", "rad-0000", "-o", str(work / "r")], work, env_runs
        )
        typer_run = wall([sys.executable, str(minimal), "render", "x"], work, env_runs)
        if "pandoc" in peer_ms:
            rows.append(
                (
                    "one `uppdrag render` process (MD + DOCX)",
                    f"{1000 * render_one:.0f} ms",
                    f"{1000 * render_one / peer_ms['pandoc']:.1f}× one pandoc conversion "
                    f"({peer_ms['pandoc']:.0f} ms); a minimal typer command alone takes "
                    f"{1000 * typer_run:.0f} ms",
                )
            )

    cpu = platform.processor() or platform.machine()
    title = (
        f"`uppdrag build` on {n} synthetic councils; medians of {runs}+ runs; {os.cpu_count()} cores, {cpu}, "
        f"CPython {platform.python_version()}"
    )
    report(title, ("measure", "time", "compared"), "--- ---: ---", rows, args.write)


if __name__ == "__main__":
    main()
