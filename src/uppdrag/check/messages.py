"""Pydantic's complaints in the user's language, in the words of the council files."""

from __future__ import annotations

from typing import Any

from uppdrag.i18n import _
from uppdrag.suggest import did_you_mean

ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"


def message(error: Any, allowed: list[str] | None) -> str:
    """One pydantic error as a sentence; `allowed` are the keys where an unknown key stands."""
    kind, value, context = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return _("missing (required)")
    if kind == "extra_forbidden":
        if allowed is None:
            return _("unknown key")
        guess = did_you_mean(str(error["loc"][-1]), allowed, list_all=False)
        return _("unknown key{guess} (allowed: {allowed})").format(guess=guess, allowed=", ".join(allowed))
    if kind.startswith("date") or kind.startswith("datetime"):
        from uppdrag.source.dates import explain

        return explain(str(value))
    if kind == "string_pattern_mismatch" and (said := _pattern(str(context.get("pattern")), value)):
        return said
    simple = _simple(kind, value, context)
    if simple is not None:
        return simple
    return str(error["msg"]).removeprefix("Value error, ")


def _pattern(pattern: str, value: Any) -> str | None:
    """A value that does not match its pattern: an id, a link, an e-mail address."""
    chars = '< > " { } | \\ ^ `'  # what an IRI cannot hold (check/model.py: Url)
    if pattern == ID_PATTERN:
        return _(
            "'{value}' is not an id: use lower-case letters a-z, digits, '-' and '_', "
            "starting with a letter or digit"
        ).format(value=value)
    if "http" in pattern:
        if str(value).startswith(("https://", "http://", "mailto:")):
            return _(
                "'{value}' is not a link: a link holds no space and none of the characters {chars}"
            ).format(value=value, chars=chars)
        return _("'{value}' is not a link: a link starts with https://, http:// or mailto:").format(
            value=value
        )
    if "@" in pattern:
        return _(
            "'{value}' is not an e-mail address: name@domain, without spaces or any of the characters {chars}"
        ).format(value=value, chars=chars)
    return None


def _simple(kind: str, value: Any, context: dict[str, Any]) -> str | None:
    """The messages that need only the value and pydantic's context."""
    if kind == "string_too_long":
        return _("longer than {max} characters").format(max=context.get("max_length"))
    if kind == "too_short":
        return _("must not be empty")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("'{value}' is not a whole number").format(value=value)
    if kind == "less_than_equal":
        return _("must be at most {limit}").format(limit=context.get("le"))
    if kind == "greater_than_equal":
        return _("must be at least {limit}").format(limit=context.get("ge"))
    if kind in ("string_type", "dict_type", "list_type", "model_type", "model_attributes_type"):
        return _expected(kind)
    return None


def _expected(kind: str) -> str:
    if kind == "string_type":
        return _("must be a text")
    if kind == "list_type":
        return _("must be a list (lines starting with '- ')")
    return _("must be a mapping (lines of 'key: value')")
