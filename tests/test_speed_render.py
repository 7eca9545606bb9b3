"""`render` that starts like typer: fresh outputs copied without the heavy imports, byte for byte as
a render makes them; Swedish dates without Babel's locale data; the code hash kept by stats."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import REPO, cli_imports
from uppdrag.check.svdate import swedish_date
from uppdrag.fingerprint import code_hash, hash_files

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from tests.helpers import Invoke

HEAVY = ("pydantic", "yaml", "jinja2", "babel", "docx")


def render(project: Path, *args: str) -> tuple[list[str], list[str]]:
    """`uppdrag render ARGS` in a process of its own: the lines printed, the heavy packages imported."""
    printed, errors, imported = cli_imports(project, HEAVY, "render", *args)
    lines = printed.split()
    assert lines[-2:] == ["exit:", "0"], errors
    return lines[:-2], imported


def test_a_fresh_council_is_copied_without_heavy_imports_byte_for_byte(
    project: Path, uppdrag: Invoke
) -> None:
    assert uppdrag("render", "urologi", "onkologi", "-o", "rendered").exit_code == 0  # the ordinary way
    assert uppdrag("build", "-f", "md,docx").exit_code == 0
    printed, imported = render(project, "urologi", "onkologi", "-o", "copied")
    assert imported == []
    assert printed == [
        f"copied/{name}" for name in ("urologi.md", "urologi.docx", "onkologi.md", "onkologi.docx")
    ]
    for name in ("urologi.md", "urologi.docx", "onkologi.md", "onkologi.docx"):
        assert (project / "copied" / name).read_bytes() == (project / "rendered" / name).read_bytes()
    printed, imported = render(project, "urologi")  # into out/ itself: there already
    assert imported == [] and printed == ["out/urologi.md", "out/urologi.docx"]


def test_what_is_not_fresh_is_rendered(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build", "-f", "md,docx").exit_code == 0
    output = project / "out/urologi.md"
    good = output.read_bytes()
    output.write_bytes(good.replace(b"Syfte", b"SYFTE", 1))  # an edited output is never copied
    imported = render(project, "urologi", "-f", "md", "-o", "a")[1]
    assert "pydantic" in imported and (project / "a/urologi.md").read_bytes() == good
    output.write_bytes(good)
    council = project / "councils/urologi.yaml"
    council.write_text(
        council.read_text(encoding="utf-8").replace("name: urologi", "name: urologin", 1), encoding="utf-8"
    )
    imported = render(project, "urologi", "-f", "md", "-o", "b")[1]  # an edited input
    assert "pydantic" in imported and b"urologin" in (project / "b/urologi.md").read_bytes()
    assert render(project, "onkologi", "-f", "html", "-o", "c")[1] != []  # not built as render makes it
    assert render(project, "onkologi", "-f", "md", "-r", "2026", "-o", "d")[1] != []  # another revision


def test_an_output_that_came_with_a_pull_request_is_rendered_not_copied(
    project: Path, uppdrag: Invoke
) -> None:
    """A doctored out/urologi.md with a manifest to match (both from a stranger's commit) is not
    what the YAML says: only outputs a build here made are copied (build/made.py)."""
    import hashlib
    import json

    assert uppdrag("render", "urologi", "-f", "md", "-o", "rendered").exit_code == 0
    assert uppdrag("build", "-f", "md,docx").exit_code == 0
    output, manifest = project / "out/urologi.md", project / "out/.uppdrag-manifest.json"
    doctored = output.read_bytes().replace(b"Karin", b"Mallory")
    output.write_bytes(doctored)
    state = json.loads(manifest.read_text(encoding="utf-8"))
    state["councils"]["urologi"]["outputs"]["md"]["sha256"] = hashlib.sha256(doctored).hexdigest()
    manifest.write_text(json.dumps(state), encoding="utf-8")
    imported = render(project, "urologi", "-f", "md", "-o", "copied")[1]
    assert "pydantic" in imported
    assert (project / "copied/urologi.md").read_bytes() == (project / "rendered/urologi.md").read_bytes()
    assert uppdrag("build", "-f", "md,docx").exit_code == 0  # a build here makes it again…
    assert output.read_bytes() == (project / "rendered/urologi.md").read_bytes()
    imported = render(project, "urologi", "-f", "md", "-o", "again")[1]
    assert imported == []  # …and then it is copied
    assert (project / "again/urologi.md").read_bytes() == (project / "rendered/urologi.md").read_bytes()


def test_an_output_linked_out_of_the_project_is_not_copied(
    project: Path, uppdrag: Invoke, tmp_path: Path
) -> None:
    assert uppdrag("build", "-f", "md,docx").exit_code == 0
    output = project / "out/urologi.md"
    secret = tmp_path / "secret.md"
    secret.write_bytes(output.read_bytes())  # same bytes, so the manifest's hash matches
    output.unlink()
    output.symlink_to(secret)
    imported = render(project, "urologi", "-f", "md", "-o", "e")[1]
    assert "pydantic" in imported
    assert not (project / "e/urologi.md").is_symlink()


@given(
    st.dates(),
    st.lists(
        st.sampled_from(
            ["d", "dd", "M", "MM", "MMM", "MMMM", "LLLL", "y", "yy", "yyyy", "EEEE", " ", "-", ", ", "'x'"]
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_swedish_dates_are_babels(day: date, parts: list[str]) -> None:
    from babel.dates import format_date

    pattern = "".join(parts)
    try:
        expected = str(format_date(day, pattern, locale="sv_SE"))
    except ValueError:  # a field Babel refuses ("dddd"): refused alike
        with pytest.raises(ValueError):
            swedish_date(day, pattern)
        return
    assert swedish_date(day, pattern) == expected


def test_the_code_hash_kept_by_stats_is_the_hash_of_the_code(tmp_path: Path) -> None:
    import uppdrag.fingerprint as fingerprint

    package = REPO / "src/uppdrag"
    assert code_hash() == hash_files(package.rglob("*.py"), package)
    key, _settled = fingerprint._stats_key(str(package))
    folder = tmp_path / "code"
    folder.mkdir(mode=0o700)
    (folder / key[:40]).write_bytes(b"0" * 64 + b"\n" + f"{key} {'0' * 64}".encode())  # not sealed by us
    assert fingerprint._remembered(folder, key) is None
    fingerprint._remember(folder, key, "a" * 64)
    assert fingerprint._remembered(folder, key) == "a" * 64
    assert fingerprint._remembered(folder, "b" * 64) is None
