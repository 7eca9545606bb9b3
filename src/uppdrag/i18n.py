"""The language of every message: Swedish by default, English on request.

Messages are written in English in the code, wrapped in `_()` so Babel can extract them
(`make i18n`: pybabel extract → update → compile), and translated in gettext catalogs under
`uppdrag/locales/`. A message is formatted after translation:
`_("unknown id '{id}'").format(id=name)`, never an f-string inside `_()`.

The compiled `.mo` is made by `make` (and `make i18n`); when it is missing or older than its
`.po` (a fresh clone, an edited catalog), the `.po` is read with Babel instead.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext
    from io import BytesIO

DOMAIN = "uppdrag"
LOCALES = Path(__file__).parent / "locales"


def language() -> str:
    """`en` or `sv`: UPPDRAG_LANG, else the first of LANGUAGE/LC_ALL/LC_MESSAGES/LANG; Swedish default."""
    for variable in ("UPPDRAG_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").strip().lower()
        if value and value not in ("c", "posix") and not value.startswith("c."):
            return "en" if value.startswith("en") else "sv"
    return "sv"


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`: its compiled `.mo`, or its `.po` when that is newer or alone."""
    import gettext

    folder = LOCALES / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime):
        return gettext.GNUTranslations(_compiled(po))
    if mo.is_file():
        with mo.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    return gettext.NullTranslations()


def _compiled(po: Path) -> BytesIO:
    """The `.po` compiled in memory with Babel (what `pybabel compile` would write)."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return buffer


def _(message: str) -> str:
    """`message` in the user's language."""
    return translations(language()).gettext(message)


def N_(message: str) -> str:
    """Mark `message` for extraction where it is stored (a table), to be translated with `_()` when shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a counted message, in the user's language."""
    return translations(language()).ngettext(singular, plural, count)


# The operating system's reasons (errno) in the user's language: `exc.strerror` is the C
# library's English whatever the language asked for; the msgids are those English texts.
_STRERROR = {
    "ENOENT": N_("No such file or directory"),
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "EROFS": N_("Read-only file system"),
    "ENOSPC": N_("No space left on device"),
    "EDQUOT": N_("Disk quota exceeded"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "EEXIST": N_("File exists"),
    "ENOTEMPTY": N_("Directory not empty"),
    "EBUSY": N_("Device or resource busy"),
    "ELOOP": N_("Too many levels of symbolic links"),
    "ENAMETOOLONG": N_("File name too long"),
    "EADDRINUSE": N_("Address already in use"),
    "EADDRNOTAVAIL": N_("Cannot assign requested address"),
    "EIO": N_("Input/output error"),
    "EMFILE": N_("Too many open files"),
    "EFBIG": N_("File too large"),
    "EXDEV": N_("Invalid cross-device link"),
}


def strerror(exc: OSError) -> str:
    """Why an operating-system call failed, in the user's language."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _STRERROR:
        return _(_STRERROR[name])
    return exc.strerror or type(exc).__name__
