"""No English inside Swedish (issue 23): every command's help, every usage error and everyday
output, run with UPPDRAG_LANG=sv, holds none of a list of common English words (tests/english.py;
the bad-input tables, test_bad_input, test_hostile and test_diagnostics, scan their own errors).

What a message quotes is left out of the scan: text in quotation marks or backticks (the user's
own words, YAML to write), file paths, options, the field path before the message, YAML shown
under an error and the lists of keys and ids (they are the file format's own English names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.english import english_in

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke


def test_the_scan_can_fail() -> None:
    assert english_in("councils/x.yaml:1:2: title: unknown key; did you mean 'titel'?") == [
        "unknown",
        "key",
        "did",
        "you",
        "mean",
    ]
    assert english_in("councils/x.yaml:1:2: okänd nyckel; menade du 'the file'? (tillåtna: name, with)") == []


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")


COMMANDS = [
    "list",
    "validate",
    "render",
    "build",
    "schema",
    "new",
    "diff",
    "show",
    "ids",
    "explain",
    "serve",
    "import",
    "beslut",
]


def test_help_and_usage_errors_are_swedish(project: Path, uppdrag: Invoke, swedish: None) -> None:
    runs = [["-h"], *([command, "-h"] for command in COMMANDS)]
    runs += [
        ["nosuch"],
        ["render", "--nosuch"],
        ["build", "-j", "0"],
        ["build", "-j", "x"],
        ["explain", "urologi"],
        ["render", "urologi", "-f", "rtf"],
        ["render"],
        ["new", "a:b"],
        ["diff", "2024"],
        ["render", "nosuch"],
        ["import", "/nonexistent/mandat.docx"],
        ["beslut", "2024"],
        ["beslut", "--apply", "/nonexistent/beslut.md"],
    ]
    found = {}
    for args in runs:
        result = uppdrag(*args)
        hits = english_in(result.stdout + result.stderr)
        if hits:
            found[" ".join(args)] = hits
    assert found == {}


def test_everyday_output_is_swedish(project: Path, uppdrag: Invoke, swedish: None) -> None:
    found = {}
    for args in (
        ["validate"],
        ["validate", "--all-warnings"],
        ["build"],
        ["build"],
        ["build", "--check"],
        ["list"],
        ["new", "hud"],
        ["diff", "2024", "2026", "--impact"],
        ["diff", "2024", "2026", "-c", "onkologi", "--no-color"],
        ["explain", "urologi", "motesfrekvens"],
        ["ids", "urologi"],
        ["beslut", "2024", "2026", "-c", "onkologi"],
    ):
        result = uppdrag(*args)
        hits = english_in(
            result.stderr
            if args[0] in ("diff", "ids", "explain", "beslut")
            else result.stdout + result.stderr
        )
        if hits:
            found[" ".join(args)] = hits
    assert found == {}
