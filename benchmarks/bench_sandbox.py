"""What the template sandbox costs: the urologi charter rendered (Markdown, DOCX) through the
sandboxed layout environments, and through plain Jinja2 environments with the same options.

    python benchmarks/bench_sandbox.py [--runs N]

Prints the median milliseconds per document of each and the difference.
"""

from __future__ import annotations

import argparse
import os
import platform
from pathlib import Path
from typing import Any

os.environ["UPPDRAG_NO_CACHE"] = "1"  # both compile from source: the bytecode cache is not compared

import jinja2
from bench_docx import median_ms  # the script's folder is on sys.path

import uppdrag.sandbox
from uppdrag.check.charter import load_charter
from uppdrag.render import docx, markdown
from uppdrag.source.project import find_project

ROOT = Path(__file__).resolve().parents[1]


def unsandboxed() -> None:
    """Plain jinja2.Environment and Template.render in place of the sandbox."""

    class Plain(jinja2.Environment):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)

    uppdrag.sandbox.Sandbox = Plain  # type: ignore[misc]
    uppdrag.sandbox.render = lambda template, context: template.render(context)  # type: ignore[assignment]
    markdown._environment.cache_clear()
    docx._environment.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=31)
    runs = parser.parse_args().runs
    project = find_project(ROOT)
    charter = load_charter(project, "urologi").charter
    templates = project.templates_dir
    cases = {
        "md": lambda: markdown.render_markdown(charter, templates),
        "docx": lambda: docx.render_docx(charter, templates),
    }
    sandboxed = {name: median_ms(work, runs, inner=20) for name, work in cases.items()}
    outputs = {name: work() for name, work in cases.items()}
    unsandboxed()
    plain = {name: median_ms(work, runs, inner=20) for name, work in cases.items()}
    assert outputs == {name: work() for name, work in cases.items()}, "the sandbox changed the output"
    print(f"{platform.machine()}, CPython {platform.python_version()}, Jinja2 {jinja2.__version__}")
    print("| output | plain Jinja2 (ms) | sandboxed (ms) | cost |")
    print("| --- | ---: | ---: | ---: |")
    for name in cases:
        cost = sandboxed[name] / plain[name] - 1
        print(f"| {name} | {plain[name]:.3f} | {sandboxed[name]:.3f} | {cost:+.1%} |")


if __name__ == "__main__":
    main()
