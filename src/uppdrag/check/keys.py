"""The keys a council or base file may write at each place, generated from the charter model.

A key the model does not know is an error with a did-you-mean over these lists, so the lists
must be the model's own: the fields of the model class at that place, plus the keys that only
a file (not the composed charter) has: a council's `base`, `revision`, `revisions`, `beslutad`,
a base's `extends`, and the overlay keys of an item with an id.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING

from uppdrag.check.model import Charter
from uppdrag.source.compose import BASE_KEYS, COUNCIL_KEYS
from uppdrag.source.overlay import OPERATIONS

if TYPE_CHECKING:
    from pydantic import BaseModel

# Set by `compose` from the file's name and its `base:`/`revision:`, never written as such.
INTERNAL = ("slug", "name", "kind", "revision")


def _fields(model: type[BaseModel]) -> list[str]:
    """The model's fields a file may write (a fixed `kind: Literal[…]` tag is the model's own)."""
    return [
        name
        for name, info in model.model_fields.items()
        if typing.get_origin(info.annotation) is not typing.Literal
    ]


def allowed_keys(model: type[BaseModel], place: str = "") -> list[str]:
    """The keys allowed in a mapping validated as `model`; `place` is "council" or "base" for the
    top of a council or base file."""
    fields = _fields(model)
    if model is Charter and place == "council":
        own = [key for key in fields if key not in INTERNAL]
        return [*dict.fromkeys([*COUNCIL_KEYS, *own])]
    if model is Charter and place == "base":
        return [*BASE_KEYS, *(key for key in fields if key not in INTERNAL)]
    if "id" in fields:
        return [*fields, *OPERATIONS]
    return fields
