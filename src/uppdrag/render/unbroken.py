"""Registry numbers and ISO dates are kept on one line: "RS 2019-03137-40", "2024-05-21".

A line may otherwise break at their hyphens and spaces ("(RS 2019-" / "03137-40)"). The formats
keep the characters a reader copies: DOCX keeps the plain hyphen in the text and follows each dash
with a word joiner written as a `w:sym` element (no text to python-docx or a `w:t` reader; no line
break after the dash in Word and LibreOffice), and the spaces become no-break spaces; HTML wraps the
stretch in `<span class="nowrap">`.
"""

from __future__ import annotations

import re

# A registry number: a series of capitals, a year, a number, maybe a part ("RS 2024 – 00370",
# "SSN 2023-00470", "RS 2019-03137-40"); or an ISO date.
UNBROKEN = re.compile(
    r"(?<![\w-])(?:[A-ZÅÄÖ]{1,6} ?\d{4} ?[-–] ?\d{2,7}(?:-\d{1,4})?|\d{4}-\d{2}-\d{2})(?![\w-])"
)
_DIGIT = re.compile(r"\d{4}")


def pieces(text: str) -> list[tuple[str, bool]]:
    """`text` in stretches, each with True when it must not break (empty stretches left out)."""
    if not _DIGIT.search(text):  # the common case: no year, nothing to keep together
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    position = 0
    for match in UNBROKEN.finditer(text):
        if match.start() > position:
            out.append((text[position : match.start()], False))
        out.append((match.group(), True))
        position = match.end()
    if position < len(text):
        out.append((text[position:], False))
    return out
