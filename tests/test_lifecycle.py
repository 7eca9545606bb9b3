"""Dates in the data: a decision's date and the day it takes effect (`galler_fran`), and the end
of a mandate (`upphor`): validated at their line, an ended mandate's documents marked and listed apart."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.helpers import GOLDEN, SLUGS, Invoke, line_of

if TYPE_CHECKING:
    from pathlib import Path

HEAD = 'name: urologi\nbase: samordningsrad\nrevision: "2026"\n'
ENDED = "upphor:\n  datum: 2027-01-01\n  beslut: RS 2026-09999\n"


def write(root: Path, body: str, slug: str = "urologi") -> Path:
    path = root / "councils" / f"{slug}.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "needle", "message"),
    [
        ("beslut:\n  datum: 2026-10-01\n  galler_fran: 2026-09-01\n", "galler_fran",
         "2026-09-01 is before the decision of 2026-10-01"),
        ("beslut:\n  galler_fran: 2026-09-01\n", "galler_fran", "needs the decision's date (beslut.datum)"),
        ("beslut:\n  datum: 2026-10-01\n  galler_fran: 1 juli 2026\n", "galler_fran", "2026-07-01"),
        ("beslut:\n  datum: 2026-10-01\n  galler_fran: snart\n", "galler_fran", "ÅÅÅÅ-MM-DD"),
        ('beslutad: "2026"\nupphor:\n  datum: 2026-01-01\n  beslut: RS 1\n', "datum: 2026-01-01",
         "2026-01-01 is before the decision of 2026-06-17"),
        ("upphor:\n  datum: 2027-01-01\n", "datum: 2027", "beslut: missing"),
        ("upphor:\n  datum: 2027-13-01\n  beslut: RS 1\n", "datum: 2027-13-01", "no month 13"),
        ("upphor:\n  datum: 2027-01-01\n  beslut: RS 1\n  varfor: x\n", "varfor", "unknown key"),
    ],
)  # fmt: skip
def test_bad_dates_name_their_line(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch, body: str, needle: str, message: str
) -> None:
    if "ÅÅÅÅ" in message:
        monkeypatch.setenv("UPPDRAG_LANG", "sv")
    path = write(project, body)
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"councils/urologi.yaml:{line_of(path, needle)}:" in result.stderr
    assert message in result.stderr.replace("upphor.beslut: missing", "beslut: missing")


def test_good_dates_validate(project: Path, uppdrag: Invoke) -> None:
    for body in (
        'beslutad: "2026"\n',
        "beslut:\n  datum: 2026-10-01\n  galler_fran: 2027-01-01\n",
        "beslut:\n  datum: 2026-10-01\n  galler_fran: ej fastställt\n",
        "beslut:\n  datum: 2026-10-01\n  galler_fran: Ej  Fastställt\n",
        'beslutad: "2026"\n' + ENDED,
        ENDED,  # an utkast can be wound up too
    ):
        write(project, body)
        result = uppdrag("validate", "urologi")
        assert result.exit_code == 0, (body, result.stderr)


def test_a_revision_start_is_not_a_council_decision(project: Path) -> None:
    """A base's `galler_fran` belongs to its decision: a council not decided with it has neither."""
    from uppdrag.check.charter import load_charter
    from uppdrag.source.project import Project

    base = project / "councils" / "bases" / "samordningsrad" / "2026.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            "  datum: 2026-06-17\n", "  datum: 2026-06-17\n  galler_fran: 2026-07-01\n"
        ),
        encoding="utf-8",
    )
    decided = load_charter(Project(project), "urologi").charter.beslut
    assert decided.datum is not None and decided.start is not None
    assert (decided.datum.isoformat(), decided.start.isoformat()) == (
        "2026-06-17",
        "2026-07-01",
    )
    draft = load_charter(Project(project), "onkologi", "2026").charter.beslut
    assert draft.datum is None and draft.galler_fran is None and draft.start is None


def test_a_base_cannot_end(project: Path, uppdrag: Invoke) -> None:
    base = project / "councils" / "bases" / "samordningsrad" / "2026.yaml"
    base.write_text(base.read_text(encoding="utf-8") + ENDED, encoding="utf-8")
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    assert f"2026.yaml:{line_of(base, 'upphor:')}:1: upphor: a base does not end" in result.stderr


def test_an_ended_mandate_is_built_marked_and_listed_apart(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    write(project, 'beslutad: "2026"\n' + ENDED)
    result = uppdrag("build", "-f", "md,docx,html")
    assert result.exit_code == 0, result.stderr
    out = project / "out"
    markdown = (out / "urologi.md").read_text(encoding="utf-8")
    assert "**UPPHÄVD** 2027-01-01, RS 2026-09999" in markdown
    # a registry number is kept on one line with a no-break space: the reader sees a space
    words = [p.text.replace("\xa0", " ") for p in Document(str(out / "urologi.docx")).paragraphs]
    assert "UPPHÄVD 2027-01-01, RS 2026-09999" in words
    assert "UPPHÄVD" in (out / "html" / "urologi.html").read_text(encoding="utf-8")
    index = (out / "README.md").read_text(encoding="utf-8")
    active, ended = index.split("## Upphävda uppdrag")
    assert "urologi" not in active and "| 2027-01-01, RS 2026-09999 |" in ended
    site = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert site.index('id="upphavda"') < site.index('data-slug="urologi"')
    register = {
        row["slug"]: row for row in json.loads((out / "html" / "register.json").read_text(encoding="utf-8"))
    }
    assert register["urologi"]["status"] == "upphävd" and register["urologi"]["upphor"].startswith(
        "2027-01-01"
    )
    assert register["ortopedi"]["status"] == "beslutad" and "upphor" not in register["ortopedi"]


def test_the_seeds_are_untouched(project: Path, uppdrag: Invoke) -> None:
    """The new fields change nothing for the five seeds: their documents are the golden files."""
    result = uppdrag("render", *SLUGS, "-f", "md", "--out", str(project / "o"))
    assert result.exit_code == 0
    for slug in SLUGS:
        assert (project / "o" / f"{slug}.md").read_bytes() == (GOLDEN / f"{slug}.md").read_bytes()


def test_the_schema_knows_the_new_keys(project: Path) -> None:
    schema = json.loads((project / "councils" / "schema.json").read_text(encoding="utf-8"))
    assert "upphor" in schema["properties"]
    assert "galler_fran" in schema["definitions"]["Decision"]["properties"]
    assert {"datum", "beslut"} == set(schema["definitions"]["Ending"]["properties"])


def test_the_diff_sees_the_end(project: Path) -> None:
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.align import compare
    from uppdrag.source.project import Project

    before = load_charter(Project(project), "urologi").charter
    write(project, 'beslutad: "2026"\n' + ENDED)
    after = load_charter(Project(project), "urologi").charter
    redline = compare(before, after)
    assert redline.differs
    assert [(c.clause, c.change, c.new) for c in redline.changes] == [
        ("upphor", "added", "UPPHÄVD 2027-01-01, RS 2026-09999")
    ]
