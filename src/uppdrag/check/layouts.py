"""What a layout must have: per output format, the template files a charter's `layout:` needs.

The formats put their needs here when they are registered (render/formats.py), so the check
stage can refuse a layout without knowing the formats. Light on purpose: imported at start-up.
"""

from __future__ import annotations

NEEDED: dict[str, tuple[str, ...]] = {}  # format → files, `{}` standing for the layout's name


def require(owner: str, files: tuple[str, ...]) -> None:
    """`owner` (a format) needs `files` for every layout; registering again replaces them."""
    NEEDED[owner] = files


def release(owner: str) -> None:
    NEEDED.pop(owner, None)


def needed_files(layout: str) -> list[str]:
    """The files `layout` needs, each once, in the order the formats were registered."""
    return [name.format(layout) for name in dict.fromkeys(f for files in NEEDED.values() for f in files)]
