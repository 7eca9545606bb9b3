"""The speed goals (issue 24) as table rows from `bench_build.py`'s samples, and where they go.

Each row: the measure, the figures (median, min–max), the ratio within each round (median,
min–max), the goal, and whether the median meets it. `write_table` prints the table, writes it
to a file, and replaces the block between `<!-- bench:build -->` and `<!-- /bench:build -->` of
a document (docs/speed.md), so the document shows the latest `make bench` and nothing older.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

Row = tuple[str, str, str, str, str]


def spread(values: list[float], unit: Callable[[float], str]) -> str:
    """`median (min–max)`."""
    return f"{unit(statistics.median(values))} ({unit(min(values))}–{unit(max(values))})"


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f} ms"


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def rows_of(
    samples: dict[str, list[float]], setup: dict[str, float], n: int, small: int, scale: int | None
) -> list[Row]:
    """One row per goal, then the rows reported without a goal."""
    rows: list[Row] = []

    def ratio(top: list[float], bottom: list[float]) -> list[float]:
        return [a / b for a, b in zip(top, bottom, strict=True)]

    def row(measure: str, figures: str, ratios: list[float], goal: str) -> None:
        """`goal`: "≤ 1.6×", "≥ 5×" or "≤ 8 %", met by the median ratio."""
        percent = goal.endswith("%")
        shown = spread(ratios, (lambda r: f"{100 * r:.1f} %") if percent else (lambda r: f"{r:.2f}×"))
        bound = float(goal[2:].rstrip("×% ")) / (100 if percent else 1)
        median = statistics.median(ratios)
        met = median <= bound if goal.startswith("≤") else median >= bound
        rows.append((measure, figures, shown, goal, "yes" if met else "**no**"))

    j1 = [b / n for b in samples["build_j1"]]
    j2 = [b / n for b in samples["build_j2"]]
    floor = samples["floor_doc"]
    row(
        "uppdrag (1 worker) ÷ the floor (1 process), MD+DOCX per council",
        f"uppdrag {spread(j1, ms)}; floor {spread(floor, ms)}",
        ratio(j1, floor),
        "≤ 1.6×",
    )
    for peer, goal in (("docxtpl", 5.0), ("pandoc", 20.0)):
        if samples.get(f"{peer}_doc"):
            label = "docxtpl (trimmed template)" if peer == "docxtpl" else peer
            row(
                f"{label} ÷ uppdrag (2 workers), MD+DOCX per council",
                f"{peer} {spread(samples[f'{peer}_doc'], ms)}; uppdrag {spread(j2, ms)}",
                ratio(samples[f"{peer}_doc"], j2),
                f"≥ {goal:.0f}×",
            )
    typer = samples["typer_command"]
    for name in sorted(k for k in samples if k.startswith("noop_")):
        _noop, formats, size = name.split("_")
        row(
            f"no-op `build -f {formats}` of {size} councils ÷ a minimal typer command",
            f"{spread(samples[name], ms)} vs {spread(typer, ms)}",
            ratio(samples[name], typer),
            "≤ 1.3×",
        )
    row(
        f"one council's file edited, `build -f md,docx` of {n} ÷ its full build (2 workers)",
        f"{spread(samples['edit'], s)} vs {spread(samples['build_j2'], s)}",
        ratio(samples["edit"], samples["build_j2"]),
        "≤ 8 %",
    )
    for kind, goal, how in (
        ("fresh", 1.0, "fresh in out/: copied"),
        ("cold", 1.5, "not built: rendered (its charter kept by an earlier render)"),
    ):
        row(
            f"`render` (MD+DOCX), outputs {how} ÷ a typer command writing one file",
            f"{spread(samples[f'render_{kind}'], ms)} vs {spread(typer, ms)}",
            ratio(samples[f"render_{kind}"], typer),
            f"≤ {goal:.1f}×",
        )
    if scale and samples.get("build_big"):
        big = [b / scale for b in samples["build_big"]]
        row(
            f"cost per council, {scale} ÷ {n} councils (2 workers)",
            f"{spread(big, ms)} vs {spread(j2, ms)}",
            ratio(big, j2),
            "≤ 1.05×",
        )
    return rows + reported(samples, setup, small, scale)


def reported(
    samples: dict[str, list[float]], setup: dict[str, float], small: int, scale: int | None
) -> list[Row]:
    """The rows without a goal of their own."""
    rows: list[Row] = []
    help_ratio = [a / b for a, b in zip(samples["help"], samples["typer_help"], strict=True)]
    rows.append(
        (
            "`uppdrag --help` ÷ a minimal typer app's",
            f"{spread(samples['help'], ms)} vs {spread(samples['typer_help'], ms)}",
            spread(help_ratio, lambda r: f"{r:.2f}×"),
            "≤ 1.0×",
            "yes" if statistics.median(help_ratio) <= 1.0 else "**no**",
        )
    )
    typer = samples["typer_command"]
    first = [a / b for a, b in zip(samples["render_first"], typer, strict=True)]
    rows.append(
        (
            "`render` (MD+DOCX) of a council rendered for the first time (nothing kept) ÷ a typer command",
            f"{spread(samples['render_first'], ms)} vs {spread(typer, ms)}",
            spread(first, lambda r: f"{r:.2f}×"),
            "(report)",
            "",
        )
    )
    check = [a / b for a, b in zip(samples["check"], samples["build_j2"], strict=True)]
    rows.append(
        (
            "`build --check` (renders all in memory) ÷ full build (2 workers)",
            spread(samples["check"], s),
            spread(check, lambda r: f"{r:.2f}×"),
            "(report)",
            "",
        )
    )
    for size in (small, scale):
        if size and f"html{size}" in setup:
            html, plain = setup[f"html{size}"], setup[f"mddocx{size}"]
            rows.append(
                (
                    f"full `build -f md,docx,html` ÷ `-f md,docx` of {size} councils (set-up, one run)",
                    f"{s(html)} vs {s(plain)}",
                    f"{html / plain:.2f}×",
                    "(report)",
                    "",
                )
            )
    return rows


def write_table(title: str, rows: list[Row], write: Path | None, doc: Path | None) -> None:
    """Print the table; write it to `write`; put it between the markers of `doc`."""
    header = "| measure | figures | ratio in the same round | goal | met |\n| --- | --- | ---: | --- | --- |"
    table = "\n".join([title, "", header, *("| " + " | ".join(row) + " |" for row in rows)])
    print(table)
    if write:
        write.write_text(table + "\n", encoding="utf-8")
    if doc:
        put_between(doc, "build", table)


def put_between(doc: Path, name: str, table: str) -> None:
    """Replace what stands between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in `doc`."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = doc.read_text(encoding="utf-8")
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise SystemExit(f"{doc}: no {begin} … {end} block to write the table into")
    doc.write_text(f"{text[: start + len(begin)]}\n{table}\n{text[stop:]}", encoding="utf-8")
