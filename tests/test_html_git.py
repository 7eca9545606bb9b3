"""The register's history from git (`build -f html --git`): a page per tag that changed a council."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from tests.helpers import REPO, Invoke, edit

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HTML = ("build", "-f", "md,docx,html")
OWN = (
    "sections:\n  - id: syfte\n    blocks:\n"
    "      - id: syfte\n        text: Rådet samordnar urologin i regionen.\n"
)


def git(project: Path, *args: str) -> None:
    who = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "-C", str(project), *who, *args], check=True, capture_output=True)


def commit_and_tag(project: Path, tag: str) -> None:
    git(project, "add", "-A", "councils", "templates")
    git(project, "commit", "-q", "--allow-empty", "-m", tag)
    git(project, "tag", tag)


@pytest.fixture
def tagged(project: Path) -> Path:
    """v1: the councils as shipped; v2: urologi with its own syfte text."""
    git(project, "init", "-q")
    commit_and_tag(project, "v1")
    urologi = project / "councils" / "urologi.yaml"
    urologi.write_text(urologi.read_text(encoding="utf-8") + OWN, encoding="utf-8")
    commit_and_tag(project, "v2")
    return project


def page(project: Path, name: str) -> str:
    return (project / "out" / "html" / name).read_text(encoding="utf-8")


def test_a_page_per_tag_that_changed_the_council(
    tagged: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")  # the register is Swedish
    result = uppdrag(*HTML, "--git")
    assert result.exit_code == 0, result.stderr
    v1, v2 = page(tagged, "historik/urologi/v1.html"), page(tagged, "historik/urologi/v2.html")
    assert "den första publicerade versionen i git: hela texten" in v1 and "<del>" not in v1
    assert "<strong>Version v2</strong> (publicerad version i git) jämförd med version v1" in v2
    assert (
        "<del>Samordningsrådets uppdrag är att med utgångspunkt</del><ins>Rådet samordnar urologin</ins>"
        in v2
    )
    assert "<ul><li>Syfte med uppdraget: 1 stycke ändrat</li></ul>" in v2
    council = page(tagged, "urologi.html")
    assert '<a href="historik/urologi/v1.html">v1</a>, <a href="historik/urologi/v2.html">v2</a>' in council
    assert '<a href="historik/urologi-2024.html">2024</a>' in council  # the base revisions stay
    assert 'href="../../historik/urologi/v2.html" aria-current="page">v2</a>' in v2
    assert not (tagged / "out" / "html" / "historik" / "ortopedi" / "v2.html").exists()  # unchanged at v2
    assert (tagged / "out" / "html" / "historik" / "ortopedi" / "v1.html").exists()


def test_a_tag_without_a_change_adds_no_page_and_stays_fresh(tagged: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*HTML, "--git").exit_code == 0
    edit(tagged / "councils" / "onkologi.yaml", "name: onkologi", "name: onkologi\nansvarsomrade: Cancervård")
    commit_and_tag(tagged, "v3")  # onkologi changed, urologi did not
    assert sorted(p.name for p in (tagged / "out" / "html" / "historik" / "urologi").iterdir()) == [
        "v1.html",
        "v2.html",
    ]
    check = uppdrag(*HTML, "--git", "--check")
    assert check.exit_code == 1
    assert "historik/onkologi/v3.html: stale" in check.stdout and "urologi" not in check.stdout
    assert uppdrag(*HTML, "--git").exit_code == 0
    assert not (tagged / "out" / "html" / "historik" / "urologi" / "v3.html").exists()
    assert "v3.html" in page(tagged, "onkologi.html")
    assert uppdrag(*HTML, "--git", "--check").exit_code == 0


def test_check_is_stale_after_a_new_tag_that_changes_the_council(tagged: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*HTML, "--git").exit_code == 0
    assert uppdrag(*HTML, "--git", "--check").exit_code == 0
    edit(tagged / "councils" / "urologi.yaml", "urologin i regionen", "urologin i hela regionen")
    assert uppdrag(*HTML).exit_code == 0  # out/ now has the new text, built without the tag
    commit_and_tag(tagged, "v3")
    check = uppdrag(*HTML, "--git", "--check")
    assert check.exit_code == 1
    assert "out/html/urologi.html: differs" in check.stdout  # its page must link v3
    assert "historik/urologi/v3.html: stale" in check.stdout
    assert uppdrag(*HTML, "--git").exit_code == 0
    v3 = page(tagged, "historik/urologi/v3.html")
    assert "jämförd med version v2" in v3 and "urologin i <ins>hela </ins>regionen" in v3
    assert uppdrag(*HTML, "--git", "--check").exit_code == 0


def test_without_git_the_site_is_as_before(tagged: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*HTML).exit_code == 0
    before = {p: p.read_bytes() for p in (tagged / "out").rglob("*") if p.is_file()}
    assert uppdrag(*HTML, "--git").exit_code == 0
    assert "Versioner:" in page(tagged, "urologi.html")
    assert uppdrag(*HTML).exit_code == 0  # the git versions go again, their folders too
    after = {p: p.read_bytes() for p in (tagged / "out").rglob("*") if p.is_file()}
    assert after == before
    assert not (tagged / "out" / "html" / "historik" / "urologi").exists()


def test_the_committed_register_has_no_git_versions() -> None:
    assert "Versioner:" not in (REPO / "out" / "html" / "urologi.html").read_text(encoding="utf-8")


def test_no_git_repository_is_a_clean_usage_error(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    result = uppdrag(*HTML, "--git")
    assert result.exit_code == 2
    assert "ligger inte i ett git-förråd" in result.stderr and "taggar" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()


def test_git_needs_the_html_format(tagged: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    result = uppdrag("build", "--git")
    assert result.exit_code == 2 and "-f html" in result.stderr and "historik" in result.stderr


def test_no_tags_says_so(project: Path, uppdrag: Invoke) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "untagged")
    result = uppdrag(*HTML, "--git")
    assert result.exit_code == 0 and "no git tags" in result.stderr
    assert not (project / "out" / "html" / "historik" / "urologi").exists()


def test_spawned_workers_build_what_forked_ones_do(
    tagged: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers get everything they need passed to them (the git versions too), nothing inherited."""
    from uppdrag.build import batch, workers

    for number in range(batch.PARALLEL_FROM):  # enough councils for the build to use processes
        council = tagged / "councils" / f"extra-{number}.yaml"
        council.write_text(f'name: extra {number}\nbase: samordningsrad\nrevision: "2026"\n', "utf-8")
    commit_and_tag(tagged, "v3")
    started: list[str] = []
    real = workers.run_parallel

    def counted(*args: object, **kwargs: object) -> None:
        started.append(workers.START_METHOD)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "run_parallel", counted)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    built = {}
    for start in ("fork", "spawn"):
        monkeypatch.setattr(workers, "START_METHOD", start)
        result = uppdrag(*HTML, "--git", "-j", "2", "-o", f"out-{start}")
        assert result.exit_code == 0, result.stderr
        folder = tagged / f"out-{start}"
        built[start] = {
            f.relative_to(folder).as_posix(): f.read_bytes() for f in folder.rglob("*") if f.is_file()
        }
    assert started == ["fork", "fork", "spawn", "spawn"]  # the councils, then the history pages
    assert built["fork"] == built["spawn"]
    page = built["spawn"]["html/urologi.html"].decode()
    assert 'href="historik/urologi/v2.html"' in page  # the git versions reached the workers
