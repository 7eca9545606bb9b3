"""Read Markdown, and plain text as extracted from a PDF (or from a PDF through pdftotext).

Markdown markup is understood (`#` headings, `-`/`*`/`1.` bullets, `**bold**`, `[text](url)`,
escapes, `---` rules); plain text is the same without markup. Line breaks inside a paragraph
are kept: the letterhead and the signature are told apart by them.
"""

from __future__ import annotations

import re

from uppdrag.check.inline import Run
from uppdrag.ingest.blocks import Block, clean_runs

# A heading's closing hashes are stripped by `heading_text`: a lazy `(.*?)\s*#*\s*$` here took
# time cubic in the spaces inside a long heading line.
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
BULLET = re.compile(r"^\s{0,8}(?:[-*+•▪◦‣●■□\uf0b7\uf0a7]|\d{1,2}[.)])\s+(.*)$")
RULE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
INLINE = re.compile(
    r"\\(?P<escaped>[^\w\s])"
    r"|(?P<bold>\*\*|__)"
    # A link's label holds no unescaped `[` (as CommonMark: `[a [b](u)` links `b`), nor its
    # address a `[`, nor an autolink a `<`: else each `[` or `<` of a long unclosed run scanned
    # on to its end (quadratic).
    r"|\[(?P<label>(?:\\.|[^\]\\\[])*)\]\(\s*<?(?P<url>[^)\s>\[]*)>?\s*\)"
    r"|<(?P<auto>(?:https?|mailto):[^<>\s]+)>",
    re.S,
)
UNESCAPE = re.compile(r"\\([^\w\s])")


def inline_runs(text: str) -> list[Run]:
    """Runs of one paragraph's Markdown text (bold, links; escapes undone)."""
    runs: list[Run] = []
    bold = False
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()], bold))
        position = match.end()
        if match.group("escaped"):
            runs.append(Run(match.group("escaped"), bold))
        elif match.group("bold"):
            bold = not bold
        elif match.group("auto"):
            url = match.group("auto")
            runs.append(Run(url.removeprefix("mailto:"), bold, url))
        else:
            url = match.group("url").replace("%28", "(").replace("%29", ")")
            runs.append(Run(UNESCAPE.sub(r"\1", match.group("label")), bold, url or None))
    runs.append(Run(text[position:], bold))
    return clean_runs(runs)


def heading_text(rest: str) -> str:
    """A heading's text without its closing hashes and the spaces around them."""
    return rest.rstrip().rstrip("#").rstrip()


def read_markdown(text: str) -> list[Block]:
    """The blocks of a Markdown (or plain) text."""
    blocks: list[Block] = []
    current: tuple[str, list[str]] | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            kind, lines = current
            runs = inline_runs("\n".join(lines))
            if runs:
                blocks.append(Block(kind, runs))
        current = None

    for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n"):
        line = line.rstrip()
        line = line[:-1] if line.endswith("\\") and not line.endswith("\\\\") else line
        heading = HEADING.match(line)
        bullet = BULLET.match(line)
        if not line.strip() or RULE.match(line):
            flush()
        elif heading:
            flush()
            runs = inline_runs(heading_text(heading.group(2)))
            if runs:
                blocks.append(Block("heading", runs, len(heading.group(1))))
        elif bullet:
            flush()
            current = ("bullet", [bullet.group(1)])
        elif current is None:
            current = ("para", [line.strip()])
        else:
            current[1].append(line.strip())
    flush()
    return blocks


def pdf_text(data: bytes) -> str:
    """The text of a PDF through `pdftotext` (poppler-utils); '' when there is none."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from uppdrag.errors import UsageError
    from uppdrag.i18n import _

    tool = shutil.which("pdftotext")
    if tool is None:
        raise UsageError(
            _("a PDF is read with pdftotext, which is not installed (apt-get install poppler-utils)")
        )
    with tempfile.TemporaryDirectory(prefix="uppdrag-pdf-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        done = subprocess.run(
            [tool, "-layout", "-enc", "UTF-8", "-nopgbrk", str(source), "-"],
            capture_output=True,
            check=False,
            timeout=120,
        )
    if done.returncode != 0:
        return ""
    return done.stdout.decode("utf-8", "replace")


COLUMNS = re.compile(r"\S {3,}(?=\S)")
GLYPH = re.compile(r"^[•▪◦‣●■□\uf0b7\uf0a7]\s+")


def read_layout(text: str) -> list[Block]:
    """The blocks of `pdftotext -layout` output: bullets by their glyph and hanging indent,
    paragraphs by blank lines or a sentence's end at a line's end; columns side by side apart."""
    blocks: list[Block] = []
    current: list[str] = []
    kind = "para"
    lengths = sorted(len(line.strip()) for line in text.split("\n") if line.strip())
    full = lengths[len(lengths) * 9 // 10] if lengths else 80  # a line the width of the page

    def flush() -> None:
        nonlocal current
        runs = clean_runs([Run(_joined(current))])
        if runs:
            blocks.append(Block(kind, runs))
        current = []

    for raw in text.replace("\f", "\n\n").split("\n"):
        line = raw.strip()
        if COLUMNS.search(line) and not GLYPH.match(line):
            flush()
            blocks.extend(Block("para", [Run(cell)]) for cell in re.split(r" {3,}", line))
        elif not line:
            flush()
        elif GLYPH.match(line):
            flush()
            kind, current = "bullet", [GLYPH.sub("", line)]
        elif current and _continues(current[-1], line, kind, len(raw) - len(raw.lstrip()), full):
            current.append(line)
        else:
            flush()
            kind, current = "para", [line]
    flush()
    return blocks


def _continues(previous: str, line: str, kind: str, indent: int, full: int) -> bool:
    """A bullet goes on with a hanging indent; a paragraph after a full-width line, mid-sentence."""
    if kind == "bullet":
        return indent >= 2
    return len(previous) >= 0.8 * full and not (previous.endswith((".", ":")) and line[:1].isupper())


def _joined(lines: list[str]) -> str:
    """A paragraph's lines with their breaks; a number hyphenated at a line's end ("2019-") rejoined."""
    joined = ""
    for line in lines:
        if joined and not (joined.endswith("-") and line[:1].isdigit()):
            joined += "\n"
        joined += line
    return joined
