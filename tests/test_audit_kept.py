"""The accessibility checks' findings kept by page (publish/audited.py): a build parses only the
pages it has not seen, says what a fresh audit says, and a findings file it did not seal is
never believed."""

from __future__ import annotations

import hashlib
import json
import pathlib
import time
from typing import TYPE_CHECKING, Any

from tests.helpers import edit
from uppdrag.publish import a11y, audited

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tests.helpers import Invoke

HTML = ("build", "-f", "md,docx,html")
BAD = b'<html lang="sv"><head><title>t</title></head><body><h1>x</h1><img src="x.png"></body></html>'
GOOD = b'<html lang="sv"><head><title>t</title></head><body><h1>x</h1></body></html>'


def _pages(pages: dict[str, bytes]) -> audited.SitePages:
    """Pages given by their bytes."""
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in pages.items()}
    return audited.SitePages(digests, pages.__getitem__)


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each audit parses from here on."""
    calls: list[int] = []
    real = a11y.page_failures

    def counted(html: bytes) -> dict[str, str]:
        calls.append(1)
        return real(html)

    monkeypatch.setattr(audited, "page_failures", counted)
    return calls


def _statement(project: Path) -> bytes:
    return (project / "out" / "html" / "tillganglighet.html").read_bytes()


def test_a_build_parses_only_the_pages_it_has_not_seen(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parsed(monkeypatch)
    assert uppdrag(*HTML).exit_code == 0
    pages = len(list((project / "out" / "html").rglob("*.html"))) - 1  # not the statement itself
    assert len(parsed) == pages
    first = _statement(project)
    parsed.clear()
    assert uppdrag(*HTML, "--force").exit_code == 0  # every page made again, the same bytes
    assert parsed == [] and _statement(project) == first
    edit(project / "councils" / "urologi.yaml", "name: ", "name: Nya ")
    read: list[str] = []
    real = pathlib.Path.read_bytes

    def reading(path: pathlib.Path) -> bytes:
        read.append(path.name)
        return real(path)

    time.sleep(0.1)  # the pages' stats settle (build/statcache.py)
    monkeypatch.setattr(pathlib.Path, "read_bytes", reading)
    assert uppdrag(*HTML).exit_code == 0
    # its own page, its history pages and the index: the pages that changed, no others
    history = len(list((project / "out" / "html" / "historik").glob("urologi-*.html")))
    assert len(parsed) == 1 + history + 1
    # read from out/html/: the council's new page (the build wrote it), no other (known by its stat)
    assert [name for name in read if name.endswith(".html")] == ["urologi.html"]


def test_the_kept_findings_are_what_a_fresh_audit_finds(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(project / "templates" / "html" / "_history.html.j2", "</main>", '<img src="x.png"></main>')
    assert uppdrag(*HTML).exit_code == 0
    assert b"(img \xc3\x97 1)" in _statement(project)
    assert uppdrag(*HTML, "--force").exit_code == 0
    kept = _statement(project)
    monkeypatch.setenv("UPPDRAG_NO_CACHE", "1")
    assert uppdrag(*HTML, "--force").exit_code == 0
    assert _statement(project) == kept


def _findings_file(root: Path) -> Path:
    from uppdrag.cachedir import cache_folder

    folder = cache_folder("audit")
    assert folder is not None
    return folder / audited._file_name(root)


def test_a_findings_file_it_did_not_seal_is_not_believed(tmp_path: Path) -> None:

    pages = {"a.html": BAD, "b.html": GOOD}
    fresh = a11y.audit(pages)
    assert audited.audited(tmp_path, _pages(pages)) == fresh
    path = _findings_file(tmp_path)
    # a forged file saying the bad page passes: not sealed with this user's key
    digest = hashlib.sha256(BAD).hexdigest()
    path.write_bytes(b"0" * 64 + b"\n" + json.dumps({digest: {}}).encode())
    assert audited.audited(tmp_path, _pages(pages)) == fresh
    for junk in (b"", b"\xff\xfe", b"0" * 64 + b"\n[1, 2]"):
        path.write_bytes(junk)
        assert audited.audited(tmp_path, _pages(pages)) == fresh


def test_a_sealed_file_of_another_shape_is_parsed_past(tmp_path: Path) -> None:
    from uppdrag.cachedir import seal

    pages = {"a.html": BAD}
    fresh = a11y.audit(pages)
    path = _findings_file(tmp_path)
    audited.audited(tmp_path, _pages(pages))
    for shape in ([1, 2], {"x": [1]}, {"x": {"alt": 3}}, "text"):
        sealed = seal(path.parent, json.dumps(shape).encode())
        assert sealed is not None
        path.write_bytes(sealed)
        assert audited.audited(tmp_path, _pages(pages)) == fresh


def test_the_file_holds_the_pages_of_the_site_now_and_no_others(tmp_path: Path) -> None:

    from uppdrag.cachedir import unseal

    audited.audited(tmp_path, _pages({"a.html": BAD, "b.html": GOOD}))
    audited.audited(tmp_path, _pages({"b.html": GOOD}))
    path = _findings_file(tmp_path)
    data = unseal(path.parent, path.read_bytes())
    assert data is not None
    assert json.loads(data) == {hashlib.sha256(GOOD).hexdigest(): {}}


def test_many_unseen_pages_are_parsed_on_workers_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uppdrag.build import workers

    monkeypatch.setattr(workers, "cores", lambda: 2)
    started: list[int] = []
    real = workers.run_parallel

    def counted(*args: Any) -> None:
        started.append(1)
        real(*args)

    monkeypatch.setattr(workers, "run_parallel", counted)
    pages = {f"p{n}.html": (BAD if n % 3 else GOOD).replace(b">x<", f">{n}<".encode()) for n in range(150)}
    assert audited.audited(tmp_path / "a", _pages(pages), jobs=2) == a11y.audit(pages)
    assert started == [1]
    assert audited.audited(tmp_path / "a", _pages(pages), jobs=2) == a11y.audit(pages)
    assert started == [1]  # all kept now: nothing to parse
