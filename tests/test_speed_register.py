"""The register incremental like the documents: a no-op `build -f md,docx,html` renders no page
and imports no Jinja2; what changed is remade, and only that."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

from tests.helpers import REPO, edit, statuses

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tests.helpers import Invoke

HEAVY = ("pydantic", "yaml", "jinja2", "docx")
PROBE = """
import sys
from uppdrag.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print("imported:", " ".join(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))))
"""
FORMATS = ("build", "-f", "md,docx,html")


def imported(project: Path, *args: str) -> list[str]:
    code = f"HEAVY = {HEAVY!r}\n{PROBE}"
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.rsplit("imported:", 1)[1].split()


def pages(project: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the site: its inode-and-mtime (a rewrite moves it) and bytes."""
    folder = project / "out/html"
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_noop_html_build_renders_nothing_and_imports_no_jinja2(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*FORMATS).exit_code == 0
    time.sleep(0.1)  # the stats settle (build/statcache.py)
    before = pages(project)
    assert imported(project, *FORMATS) == []
    assert imported(project, *FORMATS) == []
    assert pages(project) == before
    assert uppdrag("build", "--check").exit_code == 0


def test_one_council_edited_remakes_its_pages_and_the_index_only(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*FORMATS).exit_code == 0
    time.sleep(0.1)
    before = pages(project)
    edit(project / "councils/urologi.yaml", "name: urologi", "name: urologin")
    result = uppdrag(*FORMATS)
    assert statuses(result.stdout)["urologi"].startswith("built"), result.stdout
    after = pages(project)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "urologi.html" in changed and "index.html" in changed and "register.json" in changed
    assert any(name.startswith("historik/urologi-") for name in changed)
    others = {name for name in changed if name.startswith("historik/") and "urologi" not in name}
    assert not others, others
    assert not any(n.startswith(("onkologi", "ortopedi")) for n in changed)
    assert b"urologin" in after["register.json"][1]
    assert uppdrag("build", "--check").exit_code == 0


def test_a_spanning_page_edited_or_removed_is_made_again(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*FORMATS).exit_code == 0
    time.sleep(0.1)
    index = project / "out/html/index.html"
    good = index.read_bytes()
    index.write_bytes(good.replace(b"<html", b"<html data-edited", 1))
    assert uppdrag("build", "--check").exit_code == 1
    assert uppdrag(*FORMATS).exit_code == 0 and index.read_bytes() == good
    statement = project / "out/html/tillganglighet.html"
    kept = statement.read_bytes()
    statement.unlink()
    assert uppdrag(*FORMATS).exit_code == 0 and statement.read_bytes() == kept
    history = next((project / "out/html/historik").glob("*.html"))
    page = history.read_bytes()
    history.write_bytes(b"edited")
    assert uppdrag(*FORMATS).exit_code == 0 and history.read_bytes() == page


def test_a_page_added_to_the_site_reaches_the_statement(project: Path, uppdrag: Invoke) -> None:
    """The accessibility statement is made from every page of the site: a new one is a change."""
    assert uppdrag(*FORMATS).exit_code == 0
    time.sleep(0.1)
    (project / "out/html/extra.html").write_text(
        '<!DOCTYPE html><html lang="sv"><head><title>x</title></head><body><img src="a.png"></body></html>',
        encoding="utf-8",
    )
    check = uppdrag("build", "--check")
    assert "tillganglighet.html" in check.stdout, check.stdout


def test_history_pages_made_on_workers_are_those_made_in_one_process(
    tmp_path: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many councils changed: their history pages are made on the workers (publish/historypages.py),
    byte for byte as one process makes them."""
    from uppdrag.build import workers

    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import make

    root = make(tmp_path / "synthetic", 24)
    monkeypatch.chdir(root)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    calls: list[str] = []
    real = workers.run_parallel

    def counted(function: Any, *args: Any) -> None:
        calls.append(function.__module__)
        real(function, *args)

    monkeypatch.setattr(workers, "run_parallel", counted)
    made = {}
    for jobs in ("1", "2"):
        calls.clear()
        assert uppdrag(*FORMATS, "-j", jobs, "-o", f"out-{jobs}").exit_code == 0
        folder = root / f"out-{jobs}"
        files = [f for f in folder.rglob("*") if f.is_file()]
        made[jobs] = {f.relative_to(folder).as_posix(): f.read_bytes() for f in files}
        if jobs == "2":  # the councils, then their history pages
            assert calls == ["uppdrag.build.council", "uppdrag.publish.historypages"]
        else:
            assert calls == []
    assert len([name for name in made["2"] if name.startswith("html/historik/")]) > 24
    assert made["1"] == made["2"]
