"""A deterministic ZIP (OPC package) writer: fixed order, fixed timestamps, parts deflated once.

Python's `zipfile` re-compresses every part on every save; a DOCX's fixed parts (styles,
numbering, settings) are the same for every document, so they are deflated once and reused.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest ZIP date: no clock in the file
_DOS_TIME = 0
_UTF8_NAMES = 0x0800
_DEFLATE = 8


@dataclass(frozen=True)
class Part:
    """One compressed member of a package."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def of(cls, name: str, content: bytes, level: int = 6) -> Part:
        data = zlib.compress(content, level, wbits=-15)  # raw deflate, as ZIP stores it
        return cls(name, zlib.crc32(content), len(content), data)


def zip_parts(parts: list[Part]) -> bytes:
    """The ZIP file holding `parts` in the given order."""
    body = bytearray()
    directory = bytearray()
    for part in parts:
        name = part.name.encode("utf-8")
        offset = len(body)
        fields = (_DEFLATE, _DOS_TIME, _DOS_DATE, part.crc, len(part.data), part.size, len(name))
        body += struct.pack("<IHH" + "HHHIIIH" + "H", 0x04034B50, 20, _UTF8_NAMES, *fields, 0)
        body += name + part.data
        directory += struct.pack(
            "<IHHH" + "HHHIIIH" + "HHHHII", 0x02014B50, 20, 20, _UTF8_NAMES, *fields, 0, 0, 0, 0, 0, offset
        )
        directory += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    return bytes(body + directory + end)
