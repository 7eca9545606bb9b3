"""A mandate's life from the repository: versions dated by their decisions, the one in force on a
day, and `render`/`diff --as-of` equal to the checked-out versions rendered plainly."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from datetime import date
from typing import TYPE_CHECKING

import pytest

from tests import synthrepo

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# (council, day) → the tag in force, "none", "ended", or "coming TAG" when none is in force yet.
GOLDEN = [
    ("urologi", "2024-01-01", "none"),
    ("urologi", "2024-05-31", "coming v1"),  # decided, in force from 2024-09-01
    ("urologi", "2024-08-31", "coming v1"),
    ("urologi", "2024-09-01", "v1"),
    ("urologi", "2026-06-17", "v1"),  # 2026 decided today, in force from 1 July
    ("urologi", "2026-06-30", "v1"),
    ("urologi", "2026-07-01", "v3"),
    ("urologi", "2030-01-01", "v3"),
    ("ortopedi", "2024-09-01", "v1"),
    ("ortopedi", "2026-06-20", "v1"),
    ("ortopedi", "2026-07-01", "v4"),
    ("ortopedi", "2027-03-01", "v4"),
    ("onkologi", "2024-05-31", "coming v1"),
    ("onkologi", "2024-06-15", "coming v1"),
    ("onkologi", "2025-02-10", "v1"),  # its own decision taken, in force from 1 March
    ("onkologi", "2025-02-28", "v1"),
    ("onkologi", "2025-03-01", "v2"),
    ("onkologi", "2026-07-01", "v2"),  # not on 2026 yet
    ("onkologi", "2026-09-30", "v2"),
    ("onkologi", "2026-10-01", "v8"),
    ("vuxenpsykiatri", "2024-09-01", "v1"),
    ("vuxenpsykiatri", "2026-06-30", "v1"),
    ("vuxenpsykiatri", "2026-07-01", "v5"),
    ("hud", "2026-01-01", "none"),
    ("hud", "2026-08-31", "none"),
    ("hud", "2026-09-01", "coming v6"),  # decided; its start set later (v6) to 1 January
    ("hud", "2026-12-31", "coming v6"),
    ("hud", "2027-01-01", "v6"),
    ("njure", "2026-10-31", "none"),
    ("njure", "2026-11-01", "coming v8"),  # decided, its start not yet set
    ("njure", "2030-01-01", "coming v8"),
    ("utveckling", "2024-05-30", "none"),
    ("utveckling", "2024-05-31", "v1"),  # in force on its decision day
    ("utveckling", "2026-12-30", "v1"),  # the version recording the end does not replace the text
    ("utveckling", "2026-12-31", "ended"),  # the day of the end
    ("utveckling", "2027-06-01", "ended"),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.helpers import REPO

    root = tmp_path_factory.mktemp("history") / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    return synthrepo.build(root)


@pytest.fixture
def inside(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("UPPDRAG_ROOT", raising=False)
    monkeypatch.delenv("UPPDRAG_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return repo


def _state(repo: Path, slug: str, day: str) -> str:
    from uppdrag.diff.pointintime import in_force
    from uppdrag.diff.versions import versions
    from uppdrag.source.project import Project

    point = in_force(versions(Project(repo), slug), date.fromisoformat(day))
    if point.version is not None:
        return point.version.ref
    if point.ended is not None:
        return "ended"
    return f"coming {point.coming.ref}" if point.coming else "none"


def test_the_golden_table(inside: Path) -> None:
    got = [(slug, day, _state(inside, slug, day)) for slug, day, _ in GOLDEN]
    assert got == GOLDEN
    assert len(GOLDEN) >= 30 and len(synthrepo.TAGS) >= 8


def test_versions_are_dated_by_their_decisions(inside: Path) -> None:
    from uppdrag.diff.versions import versions
    from uppdrag.source.project import Project

    found = {v.ref: v for v in versions(Project(inside), "hud")}
    assert list(found) == ["v5", "v6"]
    assert found["v5"].decided == date(2026, 9, 1) and found["v5"].start is None and found["v5"].start_open
    assert found["v6"].start == date(2027, 1, 1)
    urologi = versions(Project(inside), "urologi")
    assert [(v.ref, v.revision, v.decided, v.start) for v in urologi] == [
        ("v1", "2024", date(2024, 5, 31), date(2024, 9, 1)),
        ("v3", "2026", date(2026, 6, 17), date(2026, 7, 1)),
    ]  # the untagged work in progress is no version
    every = [v.ref for v in versions(Project(inside), "urologi", all_commits=True)]
    assert len(every) == 3  # with --all-commits the wip commit is one
    ended = versions(Project(inside), "utveckling")[-1]
    assert (ended.ref, ended.ended, ended.ended_by) == ("v7", date(2026, 12, 31), "RS 2026-01111")


def test_the_walk_is_incremental(inside: Path) -> None:
    from uppdrag.diff.versions import walk
    from uppdrag.source.project import Project

    first = walk(Project(inside))
    assert first.trees_read == len(synthrepo.TAGS)
    again = walk(Project(inside))
    assert again.trees_read == 0  # every tag's tree from the cache
    assert again.versions == first.versions


def _checkout(repo: Path, ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(repo), "archive", ref], check=True, capture_output=True)
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


@pytest.mark.parametrize(("slug", "day", "expected"), [row for row in GOLDEN if row[2].startswith("v")])
def test_render_as_of_is_that_version_rendered_plainly(
    inside: Path,
    uppdrag: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slug: str,
    day: str,
    expected: str,
) -> None:
    formats = "md,docx" if day.endswith("-01") else "md"
    result = uppdrag("render", slug, "--as-of", day, "-f", formats, "--out", str(tmp_path / "asof"))
    assert result.exit_code == 0, result.stderr
    assert f"(version {expected})" in result.stdout
    plain = _checkout(inside, expected, tmp_path / "plain")
    monkeypatch.chdir(plain)
    result = uppdrag("render", slug, "-f", formats, "--out", str(tmp_path / "plainout"))
    assert result.exit_code == 0, result.stderr
    for suffix in formats.split(","):
        asof = (tmp_path / "asof" / f"{slug}-{day}.{suffix}").read_bytes()
        assert asof == (tmp_path / "plainout" / f"{slug}.{suffix}").read_bytes()


@pytest.mark.parametrize(("slug", "day", "expected"), [row for row in GOLDEN if not row[2].startswith("v")])
def test_no_version_in_force_is_one_line(
    inside: Path, uppdrag: Invoke, tmp_path: Path, slug: str, day: str, expected: str
) -> None:
    result = uppdrag("render", slug, "--as-of", day, "--out", str(tmp_path / "asof"))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert f"no mandate of {slug} was in force on {day}" in result.stderr
    word = {"none": "decided", "ended": "ended on", "coming": "coming"}[expected.split()[0]]
    assert word in result.stderr
    assert not (tmp_path / "asof").exists() or not any((tmp_path / "asof").iterdir())


def test_none_in_force_in_swedish(inside: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    result = uppdrag("show", "urologi", "--as-of", "2023-01-01")
    assert result.exit_code == 1
    assert "inget uppdrag för urologi gällde 2023-01-01; det första beslutades 2024-05-31" in result.stderr
    result = uppdrag("show", "njure", "--as-of", "2026-12-01")
    assert (
        "ett är på väg: beslutat 2026-11-01, datum då det börjar gälla är ännu inte fastställt"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("old", "new", "tags"),
    [("2025-01-01", "2026-12-01", ("v1", "v8")), ("2024-09-01", "2025-03-01", ("v1", "v2"))],
)
def test_diff_as_of_is_the_diff_of_the_two_renders(
    inside: Path, uppdrag: Invoke, tmp_path: Path, old: str, new: str, tags: tuple[str, str]
) -> None:
    result = uppdrag("diff", "--as-of", old, new, "-c", "onkologi", "-f", "unified")
    assert result.exit_code == 0, result.stderr
    for day in (old, new):
        assert (
            uppdrag("render", "onkologi", "--as-of", day, "-f", "md", "--out", str(tmp_path)).exit_code == 0
        )
    texts = [
        (tmp_path / f"onkologi-{day}.md").read_text(encoding="utf-8").splitlines(keepends=True)
        for day in (old, new)
    ]
    before, after = (f"onkologi {day} ({tag}).md" for day, tag in zip((old, new), tags, strict=True))
    expected = "".join(difflib.unified_diff(texts[0], texts[1], before, after))
    assert expected and result.stdout == expected
    redline = tmp_path / "redline.docx"
    assert uppdrag("diff", "--as-of", old, new, "-c", "onkologi", "-o", str(redline)).exit_code == 0
    assert redline.read_bytes().startswith(b"PK")
    # the Word redline: accepting every change gives the newer day's document, rejecting the older's
    from tests.helpers import pandoc_words

    for day in (old, new):
        assert (
            uppdrag("render", "onkologi", "--as-of", day, "-f", "docx", "--out", str(tmp_path)).exit_code == 0
        )
    docx = [tmp_path / f"onkologi-{day}.docx" for day in (old, new)]
    assert pandoc_words(redline, "--track-changes=reject") == pandoc_words(docx[0])
    assert pandoc_words(redline, "--track-changes=accept") == pandoc_words(docx[1])


def test_show_and_explain_as_of(inside: Path, uppdrag: Invoke) -> None:
    before = uppdrag("show", "onkologi", "--as-of", "2025-02-28")
    after = uppdrag("show", "onkologi", "--as-of", "2025-03-01")
    assert before.exit_code == after.exit_code == 0
    assert "Sex gånger per år." not in before.stdout and "Sex gånger per år." in after.stdout
    explained = uppdrag("explain", "onkologi", "motesfrekvens", "--as-of", "2025-03-01")
    assert explained.exit_code == 0, explained.stderr
    assert "Sex gånger per år" in explained.stdout
    bad = uppdrag("render", "onkologi", "--as-of", "1/3/2025")
    assert bad.exit_code == 2 and "2025-03-01" in bad.stderr
