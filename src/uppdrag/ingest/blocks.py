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
    """Adjacent runs of one format joined, spaces folded (line breaks kept), ends trimmed."""
    merged: list[Run] = []
    for run in runs:
        text = SPACES.sub(" ", run.text.replace("\r", ""))
        if not text:
            continue
        if merged and merged[-1].bold == run.bold and merged[-1].url == run.url:
            merged[-1] = Run(merged[-1].text + text, run.bold, run.url)
        else:
            merged.append(Run(text, run.bold, run.url))
    merged = [Run(re.sub(r" ?\n ?", "\n", r.text), r.bold, r.url) for r in merged]
    while merged and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].text.strip():
        merged.pop()
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
    """Paragraphs split by a page break joined again: one that ends mid-sentence, then lower case."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and block.kind == "para"
            and previous.kind in ("para", "bullet")
            and block.text[:1].islower()
            and not previous.text.endswith(END_OF_SENTENCE)
        ):
            out[-1] = Block(
                previous.kind, clean_runs([*previous.runs, Run(" "), *block.runs]), previous.level
            )
            continue
        out.append(block)
    return out
