"""Other libraries' English messages (Jinja2's, PyYAML's) in the user's language.

Jinja2 and PyYAML say what went wrong in fixed English phrases; the common ones are matched
here and said again through our catalogs. A Jinja2 message no pattern knows is kept (it names
the template's own words); a PyYAML phrase no pattern knows gives a plain "YAML cannot read
this" rather than English inside a Swedish line.
"""

from __future__ import annotations

import functools
import re

from uppdrag.i18n import N_, _

# The msgids are Jinja2's and PyYAML's own English, so English output stays theirs word for word.
JINJA = [
    (r"'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'", N_("'{owner}' has no attribute '{name}'")),
    (r"'(?P<name>[^']+)' is undefined", N_("'{name}' is undefined")),
    (
        r"access to attribute '(?P<name>[^']+)' of '(?P<owner>[^']+)' object is unsafe\.",
        N_("access to attribute '{name}' of '{owner}' object is unsafe."),
    ),
    (
        r"unexpected end of template, expected '(?P<what>[^']+)'\.",
        N_("unexpected end of template, expected '{what}'."),
    ),
    (r"expected token '(?P<want>[^']+)', got '(?P<got>[^']+)'", N_("expected token '{want}', got '{got}'")),
    (r"unexpected '(?P<token>[^']+)'", N_("unexpected '{token}'")),
    (r"unexpected char '(?P<char>.+)' at (?P<position>\d+)", N_("unexpected char '{char}' at {position}")),
    (r"No filter named '(?P<name>[^']+)'\.", N_("No filter named '{name}'.")),
    (r"No test named '(?P<name>[^']+)'\.", N_("No test named '{name}'.")),
    (r"'(?P<owner>[^']+)' object is not callable", N_("'{owner}' object is not callable")),
    (r"'(?P<owner>[^']+)' object is not iterable", N_("'{owner}' object is not iterable")),
]
YAML = [
    N_("expected a single document in the stream"),
    N_("but found another document"),
    N_("control characters are not allowed"),
    N_("special characters are not allowed"),
    N_("found unexpected end of stream"),
    N_("could not find expected ':'"),
    N_("found undefined alias"),
    N_("found unknown escape character"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while scanning a simple key"),
    N_("while scanning a plain scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning an anchor"),
    N_("while scanning a tag"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected '-' indicator"),
    N_("found character that cannot start any token"),
]


@functools.cache
def _jinja() -> list[tuple[re.Pattern[str], str]]:
    """The patterns compiled, once a message is shown (not at every start)."""
    return [(re.compile(f"^{pattern}$", re.DOTALL), msgid) for pattern, msgid in JINJA]


def jinja(message: str) -> str:
    """A Jinja2 error message in the user's language (an unknown form as it is)."""
    for pattern, msgid in _jinja():
        found = pattern.match(message.strip())
        if found:
            return _(msgid).format(**found.groupdict())
    return message


def yaml_phrase(phrase: str) -> str | None:
    """A PyYAML problem or context in the user's language (its own English in English); None when
    the phrase is unknown and the language is not English."""
    from uppdrag.i18n import language

    phrase = phrase.strip()
    if not phrase or language() == "en":
        return phrase
    for english in YAML:
        if phrase == english:
            return _(english)
    return None
