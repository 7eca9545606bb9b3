"""Did-you-mean: the one place that guesses what a misspelt name was meant to be."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, if any is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], *, list_all: bool = True) -> str:
    """`; did you mean 'x'?`, else (with `list_all`) `; there are: a, b`, else ''."""
    options = list(choices)
    guess = closest(word, options)
    if guess is not None:
        return _("; did you mean '{guess}'?").format(guess=guess)
    if list_all and options:
        return _("; there are: {names}").format(names=", ".join(options))
    return ""
