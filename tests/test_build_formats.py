"""`build` remembers which formats out/ holds: a plain `build` or `build --check` covers them all."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.helpers import Invoke, edit
from uppdrag.publish.public import STATEMENT

if TYPE_CHECKING:
    from pathlib import Path


def test_plain_build_and_check_work_on_the_formats_out_holds(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build", "--check").exit_code == 1  # nothing built yet
    assert uppdrag("build", "-f", "md,docx,html").exit_code == 0  # as `make run` does
    check = uppdrag("build", "--check")
    assert check.exit_code == 0, check.stdout  # the pre-commit hook's form
    edit(project / "councils" / "urologi.yaml", 'revision: "2026"', 'revision: "2024"')
    stale = uppdrag("build", "--check")
    assert stale.exit_code == 1 and "html/urologi.html" in stale.stdout
    assert uppdrag("build").exit_code == 0
    assert uppdrag("build", "--check").exit_code == 0
    index = (project / "out" / "README.md").read_text(encoding="utf-8")
    html = project / "out" / "html"
    site = {"index.html", STATEMENT}  # the register's own pages, not documents
    pages = sorted(path.name for path in html.glob("*.html") if path.name not in site)
    assert pages and all(re.search(rf"\(html/{re.escape(page)}\)", index) for page in pages), index
    again = uppdrag("build")
    assert again.exit_code == 0 and "built 0," in again.stdout


def test_a_fresh_out_builds_the_default_formats(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    assert sorted(path.suffix for path in (project / "out").glob("urologi.*")) == [".docx", ".md"]
    assert not (project / "out" / "html").exists()
    assert uppdrag("build", "--check").exit_code == 0
