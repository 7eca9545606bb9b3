"""No English inside Swedish (issue 23): every command's help, every usage error and every error
of the bad-input tables (test_bad_input, test_hostile, test_diagnostics), run with
UPPDRAG_LANG=sv, holds none of a list of common English words.

What a message quotes is left out of the scan: text in quotation marks or backticks (the user's
own words, YAML to write), file paths, options, the field path before the message, YAML shown
under an error and the lists of keys and ids (they are the file format's own English names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests import test_bad_input, test_diagnostics, test_hostile

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import Invoke

# Common English words that are not Swedish words too ("is", "in", "all", "not", "text" are).
ENGLISH = frozenset(
    """the and of with should would could which this that these those file files folder directory
    written built unchanged failed removed warning error install completion shell input output such
    cannot missing unknown found greater than equal usage options arguments command commands
    must every each when where there none page accessible building does has have been will into
    you your please only also did mean like made whole number any character characters allowed
    invalid valid value values key keys line lines empty instead between""".split()  # noqa: SIM905
)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|”[^”]*”|«[^»]*»|\{[^}]*\}|\[[^\]]*\]")
NAMES = re.compile(r"(?:tillåtna|id här|det finns|revisioner av [a-z]+|formats|format|layouter):[^;)]*")
TOKENS = re.compile(r"(?:--?[\w-]+|[\w./-]*/[\w./-]*|[\w-]+\.(?:yaml|j2|md|docx|html|json|pdf|txt)\b|\w+)")


def english_in(output: str) -> list[str]:
    """The English words of what uppdrag printed, quoted and named things left out."""
    found = []
    for line in output.splitlines():
        if line.startswith("    "):  # YAML shown under an error
            continue
        line = re.sub(r"^\S+:\d+:\d+: (?:varning: )?(?:[\w\[\].-]+: )?", "", line)  # place and field
        line = NAMES.sub("", QUOTED.sub("", line))
        for token in TOKENS.findall(line):
            if token.lower() in ENGLISH and not token.startswith("-") and "/" not in token:
                found.append(token)
    return found


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


def _bad_input_runs() -> list[tuple[str, object, tuple[str, ...]]]:
    runs: list[tuple[str, object, tuple[str, ...]]] = []
    runs += [(f"bad_input: {c.name}", c.damage, ("build",)) for c in test_bad_input.CASES]
    runs += [(f"hostile: {c.name}", c.damage, c.args) for c in test_hostile.CASES]
    for case in test_diagnostics.CASES:
        runs.append(
            (f"diagnostics: {case.name}", lambda root, c=case: test_diagnostics._write(root, c), ("build",))
        )
    return runs


RUNS = _bad_input_runs()


@pytest.mark.parametrize("run", RUNS, ids=[r[0] for r in RUNS])
def test_every_bad_input_message_is_swedish(
    project: Path, uppdrag: Invoke, swedish: None, run: tuple[str, object, tuple[str, ...]]
) -> None:
    _name, damage, args = run
    damage(project)  # type: ignore[operator]
    result = uppdrag(*args)
    assert "Traceback" not in result.stderr
    assert english_in(result.stderr) == [], result.stderr
