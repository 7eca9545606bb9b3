"""`render` takes the charter a build keeps (build/charters.py): a council rendered again needs
neither PyYAML nor validation, writes what a render without the cache writes, and never serves a
charter whose files changed."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tests.helpers import cli_imports

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

# What loading and validating a council imports, and a kept charter does not need.
LOADING = ("yaml", "babel", "uppdrag.source.load", "uppdrag.check.validate", "uppdrag.check.charter")
OUTPUTS = ("urologi.md", "urologi.docx")


def render(project: Path, *args: str, cache: bool = True) -> tuple[str, list[str]]:
    """`uppdrag render ARGS` in a process of its own: what it printed, which of LOADING it imported."""
    env = {k: v for k, v in os.environ.items() if k != "UPPDRAG_NO_CACHE"}
    if not cache:
        env["UPPDRAG_NO_CACHE"] = "1"
    printed, errors, imported = cli_imports(project, LOADING, "render", *args, env=env)
    return printed + errors, imported


def _same(project: Path, one: str, other: str) -> bool:
    return all(
        (project / one / name).read_bytes() == (project / other / name).read_bytes() for name in OUTPUTS
    )


def test_a_council_rendered_again_needs_no_yaml_nor_validation_and_writes_the_same_bytes(
    project: Path,
) -> None:
    printed, imported = render(project, "urologi", "-o", "first")
    assert "yaml" in imported and "uppdrag.check.validate" in imported  # loaded and validated once
    printed, imported = render(project, "urologi", "-o", "again")
    assert imported == [], imported
    assert printed.split() == ["again/urologi.md", "again/urologi.docx", "exit:", "0"]
    render(project, "urologi", "-o", "uncached", cache=False)
    assert _same(project, "first", "again") and _same(project, "first", "uncached")


def test_an_edited_council_or_base_is_loaded_again(project: Path) -> None:
    render(project, "urologi", "-o", "first")
    council = project / "councils/urologi.yaml"
    council.write_text(
        council.read_text(encoding="utf-8").replace("name: urologi", "name: urologin", 1), encoding="utf-8"
    )
    _printed, imported = render(project, "urologi", "-f", "md", "-o", "council")
    assert "uppdrag.check.validate" in imported and "urologin" in (project / "council/urologi.md").read_text(
        encoding="utf-8"
    )
    base = project / "councils/bases/samordningsrad/2024.yaml"  # the parent of urologi's 2026
    text = base.read_text(encoding="utf-8")
    assert "Syfte" in text
    base.write_text(text.replace("Syfte", "Ändamål"), encoding="utf-8")
    render(project, "urologi", "-f", "md", "-o", "base", cache=False)  # what it must be
    _printed, imported = render(project, "urologi", "-f", "md", "-o", "kept")
    assert "uppdrag.check.validate" in imported
    changed = (project / "kept/urologi.md").read_bytes()
    assert changed == (project / "base/urologi.md").read_bytes() and "Ändamål".encode() in changed


def test_a_council_broken_after_it_was_kept_gets_validates_message(project: Path, uppdrag: Invoke) -> None:
    render(project, "urologi", "-o", "first")
    council = project / "councils/urologi.yaml"
    council.write_text(council.read_text(encoding="utf-8") + "\nmötesfrekvens: [\n", encoding="utf-8")
    printed, _imported = render(project, "urologi", "-o", "broken")
    expected = uppdrag("validate", "urologi").stderr.strip()
    assert expected.startswith("councils/urologi.yaml:") and expected in printed
    assert "exit: 1" in printed and not (project / "broken").exists()


def test_a_kept_charter_renders_what_a_build_writes(project: Path, uppdrag: Invoke) -> None:
    render(project, "urologi", "-o", "first")  # kept by render, taken by build
    assert uppdrag("build", "-f", "md,docx").exit_code == 0
    assert _same(project, "first", "out")
