"""`uppdrag serve --edit` as a coordinator and an attacker meet it: a real server, HTTP and Chromium.

The five tasks are done with clicks and typing only (Chromium over the DevTools pipe); each ends in
the council file a golden string gives, `validate` clean and the document holding what was typed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.cdp import Browser, chromium, run_axe

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.helpers import Invoke

REPO = Path(__file__).resolve().parents[1]
FREKVENS = "sections.arbetsorganisation.blocks.motesfrekvens.text"
SPRIDNING = "sections.uppdragsbeskrivning.blocks.uppgifter.items.spridning.text"


@pytest.fixture
def editor(project: Path) -> Iterator[str]:
    """`uppdrag serve --edit` on a free port, in Swedish; its address."""
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"],
        check=True,
    )
    env = {**os.environ, "UPPDRAG_LANG": "sv", "UPPDRAG_NO_CACHE": "1"}
    command = [sys.executable, "-m", "uppdrag", "--root", str(project), "serve", "--edit", "--port", "0"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "http://127.0.0.1:" in first, first
        yield re.findall(r"http://127\.0\.0\.1:\d+", first)[0]
    finally:
        process.kill()
        process.wait(timeout=10)


def request(
    url: str, data: dict[str, str] | bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, dict[str, str]]:
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    req = urllib.request.Request(url, data=body, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def form_of(page: str, target: str) -> dict[str, str]:
    """The hidden fields of a page's form for `target` (token, etag, target, field)."""
    token = re.search(r'name="token" value="([^"]+)"', page)
    etag = re.search(r'name="etag" value="([^"]+)"', page)
    assert token and etag
    return {"token": token.group(1), "etag": etag.group(1), "target": target, "field": "text"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_requests_from_elsewhere_are_refused(editor: str, project: Path) -> None:
    urologi = project / "councils" / "urologi.yaml"
    before = digest(urologi)
    status, page, _ = request(f"{editor}/edit/urologi.html")
    assert status == 200
    fields = form_of(page, "sections/arbetsorganisation/blocks/motesfrekvens") | {"op": "text", "text": "X."}
    assert request(f"{editor}/edit/urologi", fields | {"token": "gissning"})[0] == 403
    assert request(f"{editor}/edit/urologi", {k: v for k, v in fields.items() if k != "token"})[0] == 403
    cross = request(f"{editor}/edit/urologi", fields, {"Origin": "http://angripare.example"})
    assert cross[0] == 403
    assert request(f"{editor}/edit/urologi.html", headers={"Host": "angripare.example"})[0] == 421
    port = editor.rsplit(":", 1)[1]
    assert request(f"{editor}/", headers={"Host": f"localhost:{port}"})[0] == 200
    assert request(f"{editor}/edit/urologi", b"x" * (300 * 1024))[0] == 413
    assert "angripare" not in page
    assert digest(urologi) == before
    assert request(f"{editor}/edit/urologi", fields)[0] == 303  # the same form with its token: saved
    assert "text: X." in urologi.read_text(encoding="utf-8")


def test_errors_show_beside_the_field_in_swedish_and_write_nothing(editor: str, project: Path) -> None:
    urologi = project / "councils" / "urologi.yaml"
    before = digest(urologi)
    _, page, _ = request(f"{editor}/edit/urologi.html")
    fields = form_of(page, "sections/arbetsorganisation/blocks/motesfrekvens")
    status, shown, _ = request(f"{editor}/edit/urologi", fields | {"op": "text", "text": "  "})
    assert status == 422
    error = re.search(r'<p class="error" id="e-' + re.escape(FREKVENS) + r'" role="alert">([^<]+)', shown)
    assert error and "får inte vara tom" in error.group(1)
    assert f'aria-describedby="e-{FREKVENS}"' in shown
    decision = form_of(page, "beslut") | {"field": "beslut", "op": "decision", "datum": "2026-02-30"}
    status, shown, _ = request(f"{editor}/edit/urologi", decision)
    assert status == 422 and "den månaden har 28 dagar" in shown
    assert digest(urologi) == before


def test_a_change_on_disk_since_the_page_loaded_is_not_overwritten(editor: str, project: Path) -> None:
    urologi = project / "councils" / "urologi.yaml"
    _, page, _ = request(f"{editor}/edit/urologi.html")
    urologi.write_text(urologi.read_text(encoding="utf-8") + "# ändrad i en annan flik\n", encoding="utf-8")
    after = digest(urologi)
    fields = form_of(page, "sections/arbetsorganisation/blocks/motesfrekvens") | {"op": "text", "text": "Ny."}
    status, shown, _ = request(f"{editor}/edit/urologi", fields)
    assert status == 409
    assert "# ändrad i en annan flik" in shown and "text: Ny." in shown
    assert digest(urologi) == after


def test_preview_shows_the_redline_without_writing(editor: str, project: Path) -> None:
    urologi = project / "councils" / "urologi.yaml"
    before = digest(urologi)
    _, page, _ = request(f"{editor}/edit/urologi.html")
    fields = form_of(page, "sections/arbetsorganisation/blocks/motesfrekvens") | {
        "op": "text",
        "text": "Sex gånger.",
    }
    status, shown, _ = request(f"{editor}/edit/urologi?preview=1", fields)
    assert status == 200 and "Förhandsgranskning – inte sparad" in shown
    assert "<del>4 till maximalt 8 ggr/år</del><ins>Sex gånger</ins>" in shown
    assert "Ändringar mot senast incheckade versionen" in shown
    assert digest(urologi) == before


# --- in Chromium, by clicks and typing -------------------------------------------------------


@pytest.fixture
def browser() -> Iterator[Browser]:
    opened = Browser(chromium())
    try:
        yield opened
    finally:
        opened.close()


def wait_load(browser: Browser) -> None:
    deadline = time.monotonic() + 30
    while not any(e.get("method") == "Page.loadEventFired" for e in browser.events):
        browser.events.append(browser._receive(deadline))


def click(browser: Browser, selector: str, navigates: bool = False) -> None:
    """A real mouse click in the middle of the element (scrolled into view first)."""
    box = browser.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
        " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    browser.events.clear()
    for kind in ("mousePressed", "mouseReleased"):
        browser.page(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
        )
    if navigates:
        wait_load(browser)


def type_text(browser: Browser, text: str, replace: bool = True) -> None:
    if replace:
        browser.page("Input.dispatchKeyEvent", {"type": "keyDown", "key": "a", "commands": ["selectAll"]})
        browser.page("Input.dispatchKeyEvent", {"type": "keyUp", "key": "a"})
    browser.page("Input.insertText", {"text": text})


def in_form(form: str, what: str) -> str:
    escaped = form.replace(".", "\\.")
    return f"#f-{escaped} {what}"


def test_five_tasks_by_clicks_and_typing(
    editor: str, project: Path, browser: Browser, uppdrag: Invoke
) -> None:
    councils = project / "councils"
    original = (REPO / "councils" / "urologi.yaml").read_text(encoding="utf-8")

    # 1. urologi's meeting frequency
    browser.open(f"{editor}/edit/urologi.html")
    click(browser, in_form(FREKVENS, "textarea"))
    type_text(browser, "Sex gånger per år.")
    click(browser, in_form(FREKVENS, "button[value=text]:not([formaction])"), navigates=True)
    assert (councils / "urologi.yaml").read_text(encoding="utf-8") == original + (
        "\nsections:\n  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n"
        "        text: Sex gånger per år.\n"
    )
    assert "Sparat" in browser.evaluate("document.querySelector('.status').textContent")

    # 2. back to the base text
    click(browser, in_form(FREKVENS, "button[value=restore]"), navigates=True)
    assert (councils / "urologi.yaml").read_text(encoding="utf-8") == original

    # 3. a point after "spridning" in ortopedi
    browser.open(f"{editor}/edit/ortopedi.html")
    click(browser, in_form(SPRIDNING, "summary"))
    click(browser, in_form(SPRIDNING, "details textarea"))
    type_text(browser, "Följa upp väntetider inom området.", replace=False)
    click(browser, in_form(SPRIDNING, "button[value=add]"), navigates=True)
    assert (
        (councils / "ortopedi.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "        items:\n          - id: folja-upp-vantetider\n            after: spridning\n"
            "            text: Följa upp väntetider inom området.\n"
        )
    )

    # 4. a point moved in vuxenpsykiatri
    browser.open(f"{editor}/edit/vuxenpsykiatri.html")
    click(browser, in_form(SPRIDNING, "button[value=down]"), navigates=True)
    assert (
        (councils / "vuxenpsykiatri.yaml")
        .read_text(encoding="utf-8")
        .endswith("          - id: spridning\n            after: utvecklingsarbete\n            move: true\n")
    )

    # 5. the decision of a new council
    assert uppdrag("new", "hud", "--name", "hud och venereologi").exit_code == 0
    header = [
        line
        for line in (councils / "hud.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    browser.open(f"{editor}/edit/hud.html")
    click(browser, "#d-datum")
    type_text(browser, "2026-11-20")
    click(browser, "#f-beslut button", navigates=True)
    hud = (councils / "hud.yaml").read_text(encoding="utf-8")
    assert "\nbeslut:\n  datum: 2026-11-20\n" in hud and all(line in hud for line in header)

    assert uppdrag("validate").exit_code == 0
    assert (
        uppdrag("render", "ortopedi", "vuxenpsykiatri", "-f", "md", "--out", str(project / "md")).exit_code
        == 0
    )
    ortopedi = (project / "md" / "ortopedi.md").read_text(encoding="utf-8")
    assert "- Följa upp väntetider inom området." in ortopedi
    vuxen = " ".join((project / "md" / "vuxenpsykiatri.md").read_text(encoding="utf-8").split())
    assert vuxen.index("Samordna och följa upp utvecklingsarbete") < vuxen.index("Verka för spridning")


def test_editing_page_passes_axe_and_works_by_keyboard(editor: str, project: Path, browser: Browser) -> None:
    browser.open(f"{editor}/edit/vuxenpsykiatri.html")
    assert run_axe(browser) == []
    unreachable = browser.evaluate(
        "[...document.querySelectorAll('button:not([disabled]), summary, textarea,"
        " input:not([type=hidden])')].filter(e => e.tabIndex < 0).length"
    )
    assert unreachable == 0  # every control of every action is in the tab order
    click(browser, in_form(SPRIDNING, "textarea"))
    for _ in range(12):  # from the text box, Tab to its "Flytta ned" and press Enter
        label = browser.evaluate("document.activeElement.textContent")
        if label == "Flytta ned":
            break
        browser.page(
            "Input.dispatchKeyEvent",
            {"type": "keyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
        )
        browser.page(
            "Input.dispatchKeyEvent",
            {"type": "keyUp", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
        )
    assert browser.evaluate("document.activeElement.textContent") == "Flytta ned"
    browser.events.clear()
    enter = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
    browser.page("Input.dispatchKeyEvent", {"type": "keyDown", **enter})
    browser.page("Input.dispatchKeyEvent", {"type": "keyUp", **enter})
    wait_load(browser)
    assert "move: true" in (project / "councils" / "vuxenpsykiatri.yaml").read_text(encoding="utf-8")
    assert browser.console_errors() == []


def test_save_as_proposal_commits_on_a_new_branch_only(editor: str, project: Path) -> None:
    urologi = project / "councils" / "urologi.yaml"
    before = digest(urologi)
    head = subprocess.run(
        ["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout
    _, page, _ = request(f"{editor}/edit/urologi.html")
    fields = form_of(page, "sections/arbetsorganisation/blocks/motesfrekvens")
    fields |= {"op": "text", "text": "Sex gånger per år.", "as": "proposal"}
    status, _, headers = request(f"{editor}/edit/urologi", fields)
    assert status == 303 and "forslag/urologi-1" in headers["Location"]
    shown = subprocess.run(
        ["git", "-C", str(project), "show", "forslag/urologi-1:councils/urologi.yaml"],
        capture_output=True,
        text=True,
    )
    assert "text: Sex gånger per år." in shown.stdout
    log = subprocess.run(
        ["git", "-C", str(project), "log", "-1", "--format=%s", "forslag/urologi-1"],
        capture_output=True,
        text=True,
    )
    assert log.stdout.startswith("urologi: text motesfrekvens")
    assert digest(urologi) == before
    assert (
        subprocess.run(
            ["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout
        == head
    )
    assert request(f"{editor}/edit/urologi", fields)[0] == 303  # a second proposal: a second branch
    branches = subprocess.run(
        ["git", "-C", str(project), "branch", "--list", "forslag/*"], capture_output=True, text=True
    )
    assert branches.stdout.split() == ["forslag/urologi-1", "forslag/urologi-2"]
