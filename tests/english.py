"""No English inside Swedish (issue 23): the scan every Swedish-mode message test applies.

What a message quotes is left out of the scan: text in quotation marks or backticks (the user's
own words, YAML to write), file paths, options, the field path before the message, YAML shown
under an error and the lists of keys and ids (they are the file format's own English names).
"""

from __future__ import annotations

import re

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
