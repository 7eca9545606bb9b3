"""`uppdrag serve`: a real server process on a free port, edited files, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest

from tests.helpers import Invoke, line_of

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator
    from pathlib import Path


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def until(url: str, needle: str, seconds: float) -> float:
    """How long until the page at `url` holds `needle` (fails after `seconds`)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if needle in fetch(url)[1]:
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not on {url} within {seconds} s")


@pytest.fixture
def server(project: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {**os.environ, "UPPDRAG_LANG": "en", "UPPDRAG_NO_CACHE": "1"}
    command = [sys.executable, "-m", "uppdrag", "--root", str(project), "serve", "urologi", "--port", "0"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Preview at http://127.0.0.1:"), first + process.stderr.read()  # type: ignore[union-attr]
        yield process, first.split()[2]
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_serve_shows_edits_and_errors_and_stops_cleanly(
    project: Path, server: tuple[subprocess.Popen[str], str]
) -> None:
    process, url = server
    status, page = fetch(url)
    assert status == 200 and "Uppdragshandling för samordningsråd urologi, reviderad juni 2026" in page
    assert 'title="councils/bases/samordningsrad/2026.yaml:' in page  # where each text was written
    assert "/__version" in page

    council = project / "councils" / "urologi.yaml"
    council.write_text(
        council.read_text(encoding="utf-8").replace("name: urologi", "name: uro-logi"), "utf-8"
    )
    assert until(url, "samordningsråd uro-logi, reviderad", 1.0) < 1.0

    council.write_text(council.read_text(encoding="utf-8") + "sections: [\n", "utf-8")
    until(url, "councils/urologi.yaml:", 1.0)
    status, page = fetch(url)
    line = line_of(council, "sections: [")
    unclosed = f"councils/urologi.yaml:{line}:11: the bracket [ that opens here is never closed"
    assert status == 422 and unclosed in page
    assert not (project / "out").exists()  # the preview writes nothing

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    stderr = process.stderr.read()  # type: ignore[union-attr]
    assert unclosed in stderr  # the terminal says it too
    assert "preview stopped" in stderr and "Traceback" not in stderr


def test_serve_port_in_use(project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "en")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = uppdrag("serve", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 2
    assert "is already in use; choose another with --port" in result.stderr


def test_serve_without_councils_or_with_an_unknown_one(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "en")
    result = uppdrag("serve", "urolgi", "--port", "0")
    assert result.exit_code == 2 and "did you mean 'urologi'" in result.stderr
    for council in (project / "councils").glob("*.yaml"):
        council.unlink()
    result = uppdrag("serve", "--port", "0")
    assert result.exit_code == 2 and "no councils to preview" in result.stderr


def looping_server(project: Path, *options: str) -> Generator[str, None, None]:
    """A server of every council, onkologi's uppdragsgivare a template that loops for minutes."""
    with (project / "councils/onkologi.yaml").open("a", encoding="utf-8") as council:
        council.write(
            'uppdragsgivare: !template "{% for i in range(100000) %}{% for j in range(100000) %}'
            '{% endfor %}{% endfor %}x"\n'
        )
    yield from every_council_server(project, *options)


def every_council_server(project: Path, *options: str) -> Generator[str, None, None]:
    """`uppdrag serve OPTIONS` of every council; its address."""
    env = {**os.environ, "UPPDRAG_LANG": "en", "UPPDRAG_NO_CACHE": "1"}
    command = [sys.executable, "-m", "uppdrag", "--root", str(project), "serve", *options, "--port", "0"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Preview at http://127.0.0.1:"), first
        yield first.split()[2]
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def every_council(project: Path) -> Iterator[str]:
    yield from looping_server(project)


@pytest.fixture
def every_council_editing(project: Path) -> Iterator[str]:
    yield from looping_server(project, "--edit")


def test_a_looping_council_blocks_no_other_page(every_council: str) -> None:
    """While onkologi's page runs into the sandbox's time limit (in a worker process, where the
    limit holds), the other pages and /__version answer within a second each."""
    blocks_nothing(
        every_council.rstrip("/"), "/onkologi.html", ("/__version", "/urologi.html", "/ortopedi.html", "/")
    )


def test_a_looping_council_blocks_no_other_editing_page(every_council_editing: str) -> None:
    """`serve --edit`: the editing pages are made in the workers too, so onkologi's runs into its
    time limit while the other councils' editing pages and previews answer within a second."""
    base = every_council_editing.rstrip("/")
    others = ("/edit/urologi.html", "/edit/ortopedi.html", "/urologi.html", "/__version")
    blocks_nothing(base, "/edit/onkologi.html", others)


def blocks_nothing(base: str, looping: str, others: tuple[str, ...]) -> None:
    import threading

    for page in others:
        fetch(base + page)  # the workers are up and have read the project once
    bad: list[tuple[int, str]] = []
    slow = threading.Thread(target=lambda: bad.append(fetch_slowly(base + looping)))
    slow.start()
    time.sleep(0.5)
    for page in others:
        start = time.monotonic()
        status, _html = fetch(base + page)
        assert status == 200 and time.monotonic() - start < 1.0, (page, time.monotonic() - start)
    slow.join(30)
    assert bad and bad[0][0] in (422, 503) and "longer than" in bad[0][1], bad


def fetch_slowly(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_answers_only_its_own_host(server: tuple[subprocess.Popen[str], str]) -> None:
    """DNS rebinding: a page of attacker.example resolving to 127.0.0.1 gets nothing."""
    _process, url = server
    port = url.split(":")[2].split("/")[0]
    for host, status in (("attacker.example", 421), (f"attacker.example:{port}", 421), ("", 421)):
        request = urllib.request.Request(url, headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                got, body = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            got, body = exc.code, exc.read().decode()
        assert got == status and "samordningsråd" not in body, (host, got)
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        request = urllib.request.Request(url, headers={"Host": host})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200


def test_no_page_shows_where_a_file_outside_lies(
    project: Path, server: tuple[subprocess.Popen[str], str]
) -> None:
    _process, url = server
    elsewhere = project.parent / "hemlig-mapp"
    elsewhere.mkdir()
    (elsewhere / "urologi.yaml").write_text("name: urologi\nbase: x/y\n", encoding="utf-8")
    council = project / "councils/urologi.yaml"
    council.unlink()
    council.symlink_to(elsewhere / "urologi.yaml")
    until(url, "councils/urologi.yaml:", 2.0)
    status, page = fetch(url)
    assert status == 422 and "out of the project" in page
    assert str(project.parent) not in page and "hemlig-mapp" not in page


def test_no_editing_page_reads_a_council_outside(project: Path) -> None:
    """`serve --edit`: a council file linking out of the project is refused as by the CLI; its
    text is never read, shown or saved over."""
    elsewhere = project.parent / "hemlig-mapp"
    elsewhere.mkdir()
    outside = elsewhere / "urologi.yaml"
    text = (project / "councils/urologi.yaml").read_text(encoding="utf-8")
    outside.write_text(text.replace("name: ", "name: HEMLIG-", 1), encoding="utf-8")
    council = project / "councils/urologi.yaml"
    council.unlink()
    council.symlink_to(outside)
    server = every_council_server(project, "--edit")
    try:
        status, page = fetch(next(server).rstrip("/") + "/edit/urologi.html")
    finally:
        server.close()  # the server process stopped
    assert status == 422 and "out of the project" in page, (status, page)
    assert "HEMLIG" not in page and "hemlig-mapp" not in page


def test_an_editing_page_of_a_council_not_in_utf8(project: Path) -> None:
    """`serve --edit`: a council file in Latin-1 is an error at its line, as in the CLI."""
    (project / "councils/urologi.yaml").write_bytes(
        b'name: urologi\nbase: samordningsrad\nrevision: "2026"\nuppdragsgivare: \xe5\n'
    )
    server = every_council_server(project, "--edit")
    try:
        status, page = fetch(next(server).rstrip("/") + "/edit/urologi.html")
    finally:
        server.close()
    assert status == 422 and "not UTF-8" in page and "urologi.yaml:4:" in page, (status, page)
