"""A LibreOffice PDF made reproducible: its clock readings replaced by a date from the data.

LibreOffice writes the moment of conversion into the PDF four times: the Info dictionary's
`/CreationDate`, the XMP packet's `xmp:CreateDate` (and Modify/Metadata dates when present), the
header of the sRGB output intent (an ICC profile, deflated), and the file identifier `/ID` with
its `/DocChecksum`, which hash the rest. The same DOCX converted twice therefore differs. Here the
dates become the document's own date (midnight UTC), the ICC profile is deflated again with its
date set, the objects after it are moved and the cross-reference table rewritten, and `/ID` becomes
a hash of the file without it: the same document gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

_INFO_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_IDS = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>\s*\])")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+0\s+R)?")
_HELD = re.compile(rb"(\d+)\s+0\s+obj\s*(\d+)\s*endobj")


def steady_pdf(pdf: bytes, day: date) -> bytes:
    """The PDF with every date LibreOffice took from the clock set to `day` and a content-derived /ID."""
    compact, stamp = f"{day:%Y%m%d}000000".encode(), f"{day:%Y-%m-%d}T00:00:00".encode()
    pdf = _INFO_DATE.sub(lambda m: m.group(1) + compact, pdf)
    pdf = _XMP_DATE.sub(lambda m: m.group(1) + stamp, pdf)
    pdf = _reflow(pdf, day)
    zeroed = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32, _IDS.sub(_zero_ids, pdf))
    digest = hashlib.md5(zeroed, usedforsecurity=False).hexdigest().upper().encode()
    pdf = _IDS.sub(lambda m: m.group(1) + digest + m.group(3) + digest + m.group(5), pdf)
    return _CHECKSUM.sub(lambda m: m.group(1) + digest, pdf)


def _zero_ids(m: re.Match[bytes]) -> bytes:
    return m.group(1) + b"0" * 32 + m.group(3) + b"0" * 32 + m.group(5)


def _icc_dated(profile: bytes, day: date) -> bytes:
    """An ICC profile with its header's creation date (bytes 24–35) set to `day`."""
    return profile[:24] + struct.pack(">6H", day.year, day.month, day.day, 0, 0, 0) + profile[36:]


def _restamp_icc(segments: dict[int, bytes], number: int, day: date) -> None:
    """When object `number` is a deflated ICC profile, set the profile's date (and its length,
    given directly or in another object as LibreOffice does)."""
    segment = segments[number]
    found = _LENGTH.search(segment)
    start = segment.find(b"stream", found.end()) if found else -1
    if found is None or start < 0 or b"/FlateDecode" not in segment[:start]:
        return
    holder = int(found.group(1)) if found.group(2) else None
    held = _HELD.match(segments.get(holder, b"")) if holder is not None else None
    if holder is not None and held is None:
        return
    length = int(held.group(2) if held else found.group(1))
    start += len(b"stream\r\n") if segment[start + 6 : start + 8] == b"\r\n" else len(b"stream\n")
    try:
        profile = zlib.decompress(segment[start : start + length])
    except zlib.error:
        return
    if profile[36:40] != b"acsp":  # not an ICC profile
        return
    packed = zlib.compress(_icc_dated(profile, day), 9)
    size = str(len(packed)).encode()
    if held is not None and holder is not None:
        text = segments[holder]
        segments[holder] = text[: held.start(2)] + size + text[held.end(2) :]
        head = segment[:start]
    else:
        head = segment[: found.start(1)] + size + segment[found.end(1) : start]
    segments[number] = head + packed + segment[start + length :]


def _reflow(pdf: bytes, day: date) -> bytes:
    """Restamp the ICC profiles; objects after a changed one move, and the xref table follows."""
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    table = re.match(rb"xref\s+0\s+(\d+)\s+", pdf[int(found.group(1)) :]) if found else None
    if found is None or table is None:
        return pdf
    xref_at = int(found.group(1))
    entries_at, count = xref_at + table.end(), int(table.group(1))
    entries = list(_XREF_ENTRY.finditer(pdf, entries_at, entries_at + 22 * count))[:count]
    used = sorted((int(e.group(1)), number) for number, e in enumerate(entries) if e.group(3) == b"n")
    if len(entries) != count or not used:
        return pdf
    bounds = [offset for offset, _ in used] + [xref_at]
    segments = {number: pdf[offset:end] for (offset, number), end in zip(used, bounds[1:], strict=True)}
    for number in list(segments):
        _restamp_icc(segments, number, day)
    body, moved = bytearray(pdf[: bounds[0]]), {}
    for _, number in used:
        moved[number] = len(body)
        body += segments[number]
    if len(body) == xref_at:
        return bytes(body) + pdf[xref_at:]
    rows = bytearray(pdf[xref_at:entries_at])
    for number, entry in enumerate(entries):
        offset = moved.get(number, int(entry.group(1)))
        end = entries[number + 1].start() if number + 1 < count else entry.end() + 2
        rows += f"{offset:010d} ".encode() + pdf[entry.start(2) : end]
    tail = re.sub(rb"startxref\s+\d+", f"startxref\n{len(body)}".encode(), pdf[entries[-1].end() + 2 :])
    return bytes(body + rows) + tail
