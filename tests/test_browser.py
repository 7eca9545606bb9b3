"""The register in a real browser: headless Chromium over the DevTools protocol, with axe-core.

Needs Debian's `chromium` and npm's `axe-core` (in tests/.node, as `.ci/run` installs them);
skipped with the reason when either is missing, a failure in CI (UPPDRAG_REQUIRE_CLIENTS).
Screenshots of the index and one council go to $UPPDRAG_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cdp import Browser, axe_source, chromium, run_axe
from tests.helpers import REPO, SEEDS, SLUGS
from tests.wordcompare import first_difference, words_of, words_of_text

if TYPE_CHECKING:
    from collections.abc import Iterator

HISTORY = ["onkologi-2024", "urologi-2024", "urologi-2026", "utveckling-2024"]
PAGES = ["index", "tillganglighet", *SLUGS, *(f"historik/{name}" for name in HISTORY)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    command = [
        sys.executable,
        "-m",
        "uppdrag",
        "--root",
        str(REPO),
        "build",
        "-f",
        "md,docx,html",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return out / "html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    binary = chromium()
    axe_source()  # skipped here when axe-core is missing, not in every test
    opened = Browser(binary)
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly_and_passes_axe(site: Path, browser: Browser, page: str) -> None:
    browser.open((site / f"{page}.html").as_uri())
    assert browser.evaluate("document.documentElement.lang") == "sv"
    assert run_axe(browser) == []
    assert browser.console_errors() == []


@pytest.mark.parametrize("slug", SLUGS)
def test_page_text_is_the_official_text(site: Path, browser: Browser, slug: str) -> None:
    browser.open((site / f"{slug}.html").as_uri())
    text = browser.evaluate("document.querySelector('main').innerText")
    expected, got = words_of(SEEDS / f"{slug}.txt"), words_of_text(text)
    assert got == expected, first_difference(expected, got)


def test_the_search_box_filters_the_index(site: Path, browser: Browser) -> None:
    browser.open((site / "index.html").as_uri())
    visible = (
        "[...document.querySelectorAll('#forteckning tbody tr')]"
        ".filter(tr => !tr.hidden).map(tr => tr.dataset.slug)"
    )

    def search(field: str, value: str) -> list[str]:
        browser.evaluate(
            f"(() => {{ const f = document.getElementById({json.dumps(field)});"
            f" f.value = {json.dumps(value)}; f.dispatchEvent(new Event('input', {{bubbles: true}})); }})()"
        )
        return list(browser.evaluate(visible))

    assert browser.evaluate("document.getElementById('filter').hidden") is False
    assert search("sok", "urologi") == ["urologi"]
    assert browser.evaluate("document.getElementById('antal').textContent") == "1 av 5 visas"
    assert search("sok", "RS 2023") == ["utveckling"]
    assert search("sok", "ingen sådan") == []
    assert search("sok", "") == sorted(SLUGS)
    assert search("status", "utkast") == ["onkologi"]
    assert search("slag", "koncerngrupp") == []  # utkast and koncerngrupp: none
    assert search("status", "") == ["utveckling"]
    assert browser.console_errors() == []


def test_screenshots(site: Path, browser: Browser, tmp_path: Path) -> None:
    folder = Path(os.environ.get("UPPDRAG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for page in ("index", "urologi", "historik/urologi-2026"):
        browser.open((site / f"{page}.html").as_uri())
        shot = folder / f"{page.replace('/', '-')}.png"
        browser.screenshot(shot)
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
