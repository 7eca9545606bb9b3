"""The register's timeline (`build -f html --git`): each council's versions with their decisions
and periods in force, a banner on every version's page, register.json the same; an ended council
still published; the walk incremental (a second build with no new tag reads no commit's tree)."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING, Any

import pytest

from tests import synthrepo
from tests.helpers import REPO

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.cdp import Browser
    from tests.helpers import Invoke

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HTML = ("build", "-f", "md,docx,html", "--git")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timeline") / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    return synthrepo.build(root)


@pytest.fixture
def built(history: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(history)
    monkeypatch.delenv("UPPDRAG_ROOT", raising=False)
    monkeypatch.delenv("UPPDRAG_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    result = uppdrag(*HTML)
    assert result.exit_code == 0, result.stderr
    return history / "out" / "html"


def text(path: Path) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_the_council_page_lists_its_versions(built: Path) -> None:
    page = text(built / "urologi.html")
    assert "Versioner och giltighet" in page
    assert "v1 2024-05-31 2024-09-01 2026-06-30 v3" in page
    assert "v3 2026-06-17 2026-07-01 – –" in page
    hud = text(built / "hud.html")
    assert "v5 2026-09-01 ej fastställt – v6" in hud and "v6 2026-09-01 2027-01-01 – –" in hud
    njure = text(built / "njure.html")
    assert "v8 2026-11-01 ej fastställt – –" in njure


def test_a_superseded_version_carries_a_banner(built: Path) -> None:
    old = built / "historik" / "urologi" / "v1.html"
    assert "Gällde 2024-09-01 – 2026-06-30. Ersatt av version v3 ." in text(old)
    assert '<a href="../../historik/urologi/v3.html">version v3</a>' in old.read_text(encoding="utf-8")
    assert "Gäller från 2026-07-01." in text(built / "historik" / "urologi" / "v3.html")
    assert "ännu inte fastställd" in text(built / "historik" / "njure" / "v8.html")
    # never in force: its start not set, then set by the next version
    never = text(built / "historik" / "hud" / "v5.html")
    assert "Har inte gällt: beslutad 2026-09-01 utan fastställd dag" in never
    assert "ersatt av version v6 ." in never
    # the version that records the end replaces no text: it dates the end
    ending = text(built / "historik" / "utveckling" / "v7.html")
    assert "Uppdraget upphör 2026-12-31 (RS 2026-01111)." in ending


def test_an_ended_council_is_still_published(built: Path) -> None:
    page = text(built / "utveckling.html")
    assert "UPPHÄVD 2026-12-31" in page
    assert "v1 2024-05-31 2024-05-31 2026-12-30 upphävd 2026-12-31 (RS 2026-01111)" in page
    assert "v7 2024-05-31 – – upphör 2026-12-31 (RS 2026-01111)" in page
    banner = text(built / "historik" / "utveckling" / "v1.html")
    assert "Gällde 2024-05-31 – 2026-12-30. Uppdraget upphävdes 2026-12-31 (RS 2026-01111)." in banner
    index = (built / "index.html").read_text(encoding="utf-8")
    assert index.index('id="upphavda"') < index.index('data-slug="utveckling"')


def test_register_json_carries_the_timeline(built: Path) -> None:
    rows = {row["slug"]: row for row in json.loads((built / "register.json").read_text(encoding="utf-8"))}
    short = [
        {k: v[k] for k in ("version", "decided", "from", "to", "superseded_by", "ended")}
        for v in rows["onkologi"]["timeline"]
    ]
    assert short == [
        {"version": "v1", "decided": "2024-05-31", "from": "2024-09-01", "to": "2025-02-28",
         "superseded_by": "v2", "ended": None},
        {"version": "v2", "decided": "2025-02-10", "from": "2025-03-01", "to": "2026-09-30",
         "superseded_by": "v8", "ended": None},
        {"version": "v8", "decided": "2026-10-01", "from": "2026-10-01", "to": None,
         "superseded_by": None, "ended": None},
    ]  # fmt: skip
    assert rows["onkologi"]["timeline"][0]["page"] == "historik/onkologi/v1.html"


def test_a_second_build_reads_no_tree(
    history: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uppdrag.diff.targets as targets

    monkeypatch.chdir(history)
    monkeypatch.delenv("UPPDRAG_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.rmtree(history / "out", ignore_errors=True)
    real, read = targets.project_at, []

    def counted(project: Any, ref: str) -> Any:
        read.append(ref)
        return real(project, ref)

    monkeypatch.setattr(targets, "project_at", counted)
    assert uppdrag(*HTML).exit_code == 0
    assert len(read) >= len(synthrepo.TAGS)  # every tag once, and the redlines of the pages
    read.clear()
    again = uppdrag(*HTML)
    assert again.exit_code == 0, again.stderr
    assert read == []  # no new tag: every tag's facts from the cache, no page to remake
    synthrepo.git(history, "tag", "v9")  # a new tag on a commit seen before: nothing to read
    assert uppdrag(*HTML).exit_code == 0
    assert read == []
    own = "sections:\n  - id: syfte\n    blocks:\n      - id: syfte\n        text: Ortopedin samordnas.\n"
    ortopedi = history / "councils" / "ortopedi.yaml"
    ortopedi.write_text(ortopedi.read_text(encoding="utf-8") + own, encoding="utf-8")
    synthrepo.commit(history, "v10", "v10")
    new = synthrepo.git(history, "rev-parse", "v10").strip()
    assert uppdrag(*HTML).exit_code == 0
    ortopedi_commits = {synthrepo.git(history, "rev-parse", f"{t}^{{commit}}").strip() for t in ("v1", "v4")}
    assert new in read and set(read) <= ortopedi_commits | {new}  # only ortopedi's pages remade


def test_all_commits_makes_every_commit_a_version(
    history: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(history)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out"
    result = uppdrag("build", "-f", "html", "--git", "--all-commits", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    touched = synthrepo.git(history, "rev-list", "--reverse", "HEAD", "--", "councils/urologi.yaml").split()
    wip = synthrepo.git(history, "rev-list", "--reverse", "--ancestry-path", "v2..v3").split()[0]
    assert wip in touched  # untagged, yet a version with --all-commits
    rows = {
        row["slug"]: row for row in json.loads((out / "html" / "register.json").read_text(encoding="utf-8"))
    }
    versions = [row["commit"] for row in rows["urologi"]["timeline"]]
    assert wip in versions and len(versions) == len(touched)
    assert (out / "html" / "historik" / "urologi" / f"{wip[:12]}.html").is_file()
    bad = uppdrag("build", "-f", "html", "--all-commits", "-o", str(tmp_path / "other"))
    assert bad.exit_code == 2 and "--git" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "other").exists()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.cdp import Browser, axe_source, chromium

    binary, axe = chromium(), axe_source()
    opened = Browser(binary)
    opened.axe = axe  # type: ignore[attr-defined]
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("page", ["urologi", "utveckling", "historik/urologi/v1", "historik/utveckling/v1"])
def test_timeline_and_banner_pass_axe(built: Path, browser: Browser, page: str) -> None:
    browser.open((built / f"{page}.html").as_uri())
    browser.evaluate(browser.axe)  # type: ignore[attr-defined]
    found = browser.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify("
        "r.violations.map(v => v.id + ': ' + v.help + ' '"
        " + v.nodes.map(n => n.target.join(' ')).join(', '))))"
    )
    assert json.loads(found) == []
    assert browser.console_errors() == []
