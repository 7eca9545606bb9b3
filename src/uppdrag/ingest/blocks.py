"""The block model every reader produces: headings, paragraphs and bullets made of runs.

A run is `uppdrag.check.inline.Run` (text, bold, url), the same as the renderers use. A line
break inside a paragraph is kept as "\\n" (the letterhead, the signature and the address
footer are told apart by it); clause texts fold it to a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from uppdrag.check.inline import EMAIL, Run

# Words glued by PDF extraction ("sjukvårdUppdragsgivare"): the project's word-compare rule.
GLUED = re.compile(r"(?<=[a-zåäö.,)])(?=[A-ZÅÄÖ][a-zåäö])")
SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
END_OF_SENTENCE = tuple('.!?:;)”"»')
BREAK = re.compile(r" ?\n ?")


@dataclass
class Block:
    """One paragraph of the source: `heading` (with its level), `para` or `bullet`."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 0

    @property
    def raw(self) -> str:
        """The text with its line breaks."""
        return "".join(run.text for run in self.runs)

    @property
    def text(self) -> str:
        """The text on one line, spaces folded."""
        return fold(self.raw)


def fold(text: str) -> str:
    """White space (line breaks too) folded to single spaces."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of a text by the word-compare rule: glued words split, white space folded."""
    return GLUED.sub(" ", text).split()


def clean_runs(runs: list[Run]) -> list[Run]:
    """Adjacent runs of one format joined, spaces folded (line breaks kept), ends trimmed.

    Linear in the runs' text: the pieces of a format are joined once, never text to text."""
    groups: list[tuple[list[str], bool, str | None]] = []
    for run in runs:
        text = SPACES.sub(" ", run.text.replace("\r", ""))
        if not text:
            continue
        if groups and groups[-1][1] == run.bold and groups[-1][2] == run.url:
            groups[-1][0].append(text)
        else:
            groups.append(([text], run.bold, run.url))
    merged = [Run(BREAK.sub("\n", "".join(parts)), bold, url) for parts, bold, url in groups]
    start, end = 0, len(merged)
    while start < end and not merged[start].text.strip():
        start += 1
    while end > start and not merged[end - 1].text.strip():
        end -= 1
    merged = merged[start:end]
    if merged:
        merged[0] = Run(merged[0].text.lstrip(), merged[0].bold, merged[0].url)
        merged[-1] = Run(merged[-1].text.rstrip(), merged[-1].bold, merged[-1].url)
    return merged


def plain_email_links(runs: list[Run]) -> list[Run]:
    """A link to `mailto:ADDRESS` shown as ADDRESS is plain text: uppdrag links addresses itself."""
    out = [
        Run(run.text) if run.url and run.url == f"mailto:{run.text}" and EMAIL.fullmatch(run.text) else run
        for run in runs
    ]
    return clean_runs(out)


def split_runs(runs: list[Run], at: int) -> tuple[list[Run], list[Run]]:
    """The runs before and after character `at` of their joined text."""
    before: list[Run] = []
    after: list[Run] = []
    position = 0
    for run in runs:
        end = position + len(run.text)
        if end <= at:
            before.append(run)
        elif position >= at:
            after.append(run)
        else:
            before.append(Run(run.text[: at - position], run.bold, run.url))
            after.append(Run(run.text[at - position :], run.bold, run.url))
        position = end
    return clean_runs(before), clean_runs(after)


def lines_of(block: Block) -> list[str]:
    """The block's lines, each folded."""
    return [fold(line) for line in block.raw.split("\n") if line.strip()]


def join_broken(blocks: list[Block]) -> list[Block]:
    """Paragraphs split by a page break joined again: one that ends mid-sentence, then lower case.

    The runs of a joined paragraph are collected and cleaned once at the end (linear: 5,000
    paragraphs in a row are not re-cleaned on every join); whether the paragraph so far ends a
    sentence is the end of the last part joined, as its folded text would say."""
    out: list[Block] = []
    joined: list[list[Run]] = []  # per block of `out`: the runs of the paragraphs joined to it
    tail = ""  # the folded text of the last paragraph that went into out[-1]
    for block in blocks:
        text = block.text
        if (
            out
            and block.kind == "para"
            and out[-1].kind in ("para", "bullet")
            and text[:1].islower()
            and not tail.endswith(END_OF_SENTENCE)
        ):
            joined[-1] += [Run(" "), *block.runs]
            tail = text
            continue
        out.append(block)
        joined.append([])
        tail = text
    return [
        Block(b.kind, clean_runs([*b.runs, *extra]), b.level) if extra else b
        for b, extra in zip(out, joined, strict=True)
    ]
