"""The language of every message: Swedish by default, English on request.

Messages are written in English in the code, wrapped in `_()` so Babel can extract them
(`pybabel extract`), and translated in gettext catalogs under `uppdrag/locales/`. A message is
formatted after translation: `_("unknown id '{id}'").format(id=name)`, never an f-string inside
`_()`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

DOMAIN = "uppdrag"


def language() -> str:
    """`en` or `sv`: UPPDRAG_LANG, else the first of LANGUAGE/LC_ALL/LC_MESSAGES/LANG; Swedish default."""
    for variable in ("UPPDRAG_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").strip().lower()
        if value and value not in ("c", "posix") and not value.startswith("c."):
            return "en" if value.startswith("en") else "sv"
    return "sv"


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    import gettext
    from pathlib import Path

    folder = Path(__file__).parent / "locales"
    return gettext.translation(DOMAIN, folder, languages=[lang], fallback=True)


def _(message: str) -> str:
    """`message` in the user's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a counted message, in the user's language."""
    return translations(language()).ngettext(singular, plural, count)
