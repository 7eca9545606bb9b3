"""The Swedish interface, as a coordinator meets it: text pasted from Word, YAML slips, dates,
`validate --fix`, and every message in the catalog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, Invoke

COUNCIL = "councils/hud.yaml"
HEAD = 'name: hud\nbase: samordningsrad\nrevision: "2026"\n'


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")


def run(project: Path, uppdrag: Invoke, body: str) -> str:
    (project / COUNCIL).write_text(HEAD + body, encoding="utf-8")
    result = uppdrag("validate", "hud")
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()[0]


PASTED = [
    # (what was pasted, the council body, file:line:col, the Swedish words)
    (
        "soft hyphen in an id",
        "sections:\n  - id: syf\u00adte\n    heading: X\n",
        "5:12",
        "id: 'syfte' innehåller ett mjukt bindestreck (U+00AD); ta bort tecknet",
    ),
    (
        "NBSP after an id",
        "sections:\n  - id: syfte\u00a0\n    heading: X\n",
        "5:14",
        "id: 'syfte' innehåller ett hårt mellanslag (U+00A0); ta bort tecknet",
    ),
    (
        "zero-width space in an id",
        "sandlista:\n  - id: \u200bkoordinator\n    text: X\n",
        "5:9",
        "id: 'koordinator' innehåller ett osynligt mellanslag (nollbredd) (U+200B); ta bort tecknet",
    ),
    (
        "en dash in an id",
        "sandlista:\n  - id: ny\u2013rad\n    text: X\n    at: end\n",
        "5:11",
        "innehåller ett tankstreck – (U+2013); skriv ett vanligt bindestreck (-)",
    ),
    (
        "Word quotes around a label",
        "sections:\n  - id: arbetsorganisation\n    blocks:\n      - id: adjungerade\n"
        "        label: \u201cAdjungerad ledamot:\u201d\n",
        "8:16",
        "label: värdet står inom citattecken från Word (Words inledande citattecken “ (U+201C))",
    ),
    (
        "zero-width space in text",
        "uppdragsgivare: Karin\u200b Muth\n",
        "4:22",
        "uppdragsgivare: texten innehåller ett osynligt mellanslag (nollbredd) (U+200B), som inte syns",
    ),
    (
        "NBSP in the indentation",
        "beslut:\n\u00a0 namn: X\n  titel: Y\n",
        "5:1",
        "indragningen innehåller ett hårt mellanslag (U+00A0); ersätt det med vanliga mellanslag",
    ),
    ("tab in the indentation", "beslut:\n\tnamn: X\n", "5:1", "tabb i indragningen — använd mellanslag"),
    (
        "unclosed quote",
        'uppdragsgivare: "Karin Muth\nuppdragstagare: X\ndiarienummer: Y\n',
        "4:17",
        'citattecknet " som öppnas här stängs aldrig; avsluta texten med "',
    ),
    (
        "mis-indented key",
        "beslut:\n  namn: X\n   titel: Y\n",
        "6:4",
        "'titel' är indragen 3 mellanslag, men 'namn' på rad 5, som den verkar höra ihop med, är indragen 2",
    ),
    (
        "date 16/6/2026",
        "datum: 16/6/2026\n",
        "4:8",
        "datum: '16/6/2026' är inget datum; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-06-16; "
        "menade du 2026-06-16?",
    ),
    (
        "date 20260616",
        "datum: 20260616\n",
        "4:8",
        "'20260616' är inget datum; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-06-16; menade du 2026-06-16?",
    ),
    (
        "date 2026-02-30",
        "datum: 2026-02-30\n",
        "4:8",
        "'2026-02-30' är inget datum; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-06-16 "
        "(den månaden har 28 dagar)",
    ),
    (
        "date with en dashes",
        "datum: 2026\u201306\u201316\n",
        "4:12",
        "datumet innehåller ett tankstreck – (U+2013); '2026–06–16' är inget datum; skriv datum som "
        "ÅÅÅÅ-MM-DD, t.ex. 2026-06-16; menade du 2026-06-16?",
    ),
]


@pytest.mark.parametrize(("body", "where", "says"), [c[1:] for c in PASTED], ids=[c[0] for c in PASTED])
def test_what_a_coordinator_pastes_is_named_in_swedish(
    project: Path, uppdrag: Invoke, swedish: None, body: str, where: str, says: str
) -> None:
    line = run(project, uppdrag, body)
    assert line.startswith(f"{COUNCIL}:{where}: "), line
    assert says in line, line


def test_nbsp_and_word_quotes_inside_running_text_are_kept(project: Path, uppdrag: Invoke) -> None:
    text = "uppdragsgivare: Karin\u00a0Muth, ”hälso- och sjukvårdsdirektör” – 10\u00a0000 kr\n"
    (project / COUNCIL).write_text(HEAD + text, encoding="utf-8")
    result = uppdrag("render", "hud", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert "Karin\u00a0Muth, ”hälso- och sjukvårdsdirektör” – 10\u00a0000 kr" in (
        project / "out/hud.md"
    ).read_text(encoding="utf-8")


def test_a_soft_hyphen_in_text_is_a_warning(project: Path, uppdrag: Invoke, swedish: None) -> None:
    (project / COUNCIL).write_text(HEAD + "uppdragsgivare: Karin Muth, sjukvårds\u00addirektör\n", "utf-8")
    result = uppdrag("validate", "hud")
    assert result.exit_code == 0
    assert (
        f"{COUNCIL}:4:17: varning: uppdragsgivare: innehåller ett mjukt bindestreck (U+00AD)" in result.stderr
    )


def test_fix_mends_only_the_pasted_characters(project: Path, uppdrag: Invoke, swedish: None) -> None:
    broken = (
        HEAD
        + "# Ändrat efter mötet 12/5 — klistrat från Word\n"
        "uppdragsgivare: \u201cKarin Muth\u201d   # ordförande\n"
        "sections:\n"
        "  - id: arbetsorganisation\u00a0\n"
        "    blocks:\n"
        "\u00a0\u00a0\u00a0\u00a0\u00a0 - id: moteS\u200b\n".replace("moteS", "motesfrekvens")
        + "        text: Fyra gånger per år.\u00a0\n"
    )
    (project / COUNCIL).write_bytes(broken.encode("utf-8"))
    result = uppdrag("validate", "--fix", "hud")
    assert result.exit_code == 0, result.stderr
    fixed = (project / COUNCIL).read_text(encoding="utf-8")
    expected = (
        broken.replace("\u201cKarin Muth\u201d", '"Karin Muth"')
        .replace("arbetsorganisation\u00a0", "arbetsorganisation")
        .replace("\u00a0" * 5 + " - id", " " * 5 + " - id")
        .replace("motesfrekvens\u200b", "motesfrekvens")
    )
    assert fixed == expected  # every other byte, comments and the NBSP in the text too, as it was
    assert result.stdout.count(": rättat: ") == 8, result.stdout
    assert uppdrag("validate", "hud").exit_code == 0


def test_warnings_of_a_base_only_on_request(project: Path, uppdrag: Invoke) -> None:
    quiet = uppdrag("validate", "urologi")
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    loud = uppdrag("validate", "urologi", "--all-warnings")
    assert "councils/bases/samordningsrad/2026.yaml" in loud.stderr and "warning" in loud.stderr
    own = uppdrag("validate", "utveckling")
    assert "councils/utveckling.yaml" in own.stderr  # the council's own quirks are always said
    silent = uppdrag("validate", "-q")
    assert silent.exit_code == 0 and silent.stdout == "" and silent.stderr == ""


def test_every_message_has_a_swedish_translation() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    po = REPO / "src/uppdrag/locales/sv/LC_MESSAGES/uppdrag.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = extract_from_dir(REPO / "src/uppdrag", keywords=keywords)
    missing = []
    for _file, _line, message, _comments, _context in found:
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            missing.append(message)
    assert not missing, f"not in the Swedish catalog (run `make i18n` and translate): {missing}"


def cli(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UPPDRAG_LANG": lang, "COLUMNS": "100"}
    return subprocess.run(
        [str(Path(sys.executable).with_name("uppdrag")), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ["Användning: uppdrag", "Flaggor:", "Visa den här hjälpen", "Kommandon:"]),
        ("en", ["Usage: uppdrag", "Options:", "Show this message and exit.", "Commands:"]),
    ],
)
def test_help_in_both_languages(lang: str, words: list[str]) -> None:
    result = cli("-h", lang=lang)
    assert result.returncode == 0
    for word in words:
        assert word in result.stdout, result.stdout
    assert "<bool>" not in cli("validate", "--help", lang=lang).stdout


def test_click_errors_in_swedish() -> None:
    bad = cli("validate", "--bogus", lang="sv")
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[:2] == [
        "Användning: uppdrag validate [FLAGGOR] [RÅD]...",
        "Skriv 'uppdrag validate -h' för hjälp.",
    ]
    assert "Fel: Flaggan finns inte: --bogus" in bad.stderr
    missing = cli("new", lang="sv")
    assert missing.returncode == 2 and "Fel: Argumentet 'RÅD' saknas." in missing.stderr
    bare = cli("render", lang="sv")
    assert bare.returncode == 2 and "ange vilka råd som ska renderas, eller --all" in bare.stderr
    assert "(or --all" in cli("render", "-h", lang="en").stdout  # the help says what bare render does
    typo = cli("rendr", lang="sv")  # typer's suggestion too
    assert typo.returncode == 2 and "Fel: Kommandot 'rendr' finns inte. Menade du 'render'?" in typo.stderr
    assert "Error: No such command 'rendr'. Did you mean 'render'?" in cli("rendr", lang="en").stderr


def test_version() -> None:
    from uppdrag import __version__

    assert cli("--version", lang="sv").stdout.strip() == f"uppdrag {__version__}"


def test_yaml_line_breaks_beyond_newline_do_not_confuse_positions(project: Path, uppdrag: Invoke) -> None:
    """NEL (U+0085) is a line break to YAML: positions after it still point at a real line.

    Found by hypothesis: an invisible key after a NEL in a list used to crash the pasted-text check.
    """
    import yaml

    council = {"name": "x", "base": "samordningsrad", "revision": "2024", "x": [{"\u2060": None}]}
    council["titel"] = ["\x85", "\x85"]
    (project / "councils/prov.yaml").write_text(yaml.safe_dump(council, allow_unicode=True), "utf-8")
    result = uppdrag("validate", "prov")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "prov.yaml:" in result.stderr


PRINTERS = {"echo", "error", "secho"}


def test_cli_prints_no_untranslated_words() -> None:
    """Every literal with words that a command prints goes through `_()`: the catalog test can only
    see wrapped strings, so this finds the ones that were never wrapped."""
    import ast
    import re

    def literals(node: ast.expr) -> list[ast.Constant]:
        """The text pieces of a printed expression: constants, f-string parts, `+` operands."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node]
        if isinstance(node, ast.JoinedStr):
            return [part for part in node.values if isinstance(part, ast.Constant)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return literals(node.left) + literals(node.right)
        return []

    def printed(tree: ast.AST) -> list[ast.Constant]:
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args]
        names = [getattr(c.func, "attr", getattr(c.func, "id", "")) for c in calls]
        return [p for c, n in zip(calls, names, strict=True) if n in PRINTERS for p in literals(c.args[0])]

    # What is not prose: the program's name, GitHub's annotation syntax (`::error file=…,line=…`).
    not_words = {"uppdrag", "file", "line", "col"}
    found = [
        f"{path.name}:{piece.lineno}: {piece.value!r}"
        for path in sorted((REPO / "src/uppdrag/cli").glob("*.py"))
        for piece in printed(ast.parse(path.read_text(encoding="utf-8")))
        if set(re.findall(r"[A-Za-zÅÄÖåäö]{2,}", str(piece.value))) - not_words
    ]
    assert not found
