"""uppdrag's own fixity check of a package: every file its METS files and PREMIS name is there
with the recorded size and SHA-256, and the package holds no file they do not name."""

from __future__ import annotations

import hashlib
import zipfile
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from uppdrag.archive.xml import NS
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

LIMIT = 1 << 30  # a package's files are read whole: refuse a ZIP that would unpack to more than 1 GiB
HREF = f"{{{NS['xlink']}}}href"
PREMIS = "metadata/preservation/premis.xml"


def _xml(data: bytes) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # uppdrag writes neither; entities could explode
        raise ValueError("DOCTYPE")
    return ElementTree.fromstring(data)


def _check(files: dict[str, bytes], path: str, size: str | None, digest: str | None) -> list[str]:
    if path not in files:
        return [_("{path}: missing").format(path=path)]
    data, problems = files[path], []
    if size is not None and size != str(len(data)):
        problems.append(
            _("{path}: size {size}, recorded {recorded}").format(path=path, size=len(data), recorded=size)
        )
    if digest is not None and digest.upper() != hashlib.sha256(data).hexdigest().upper():
        problems.append(_("{path}: SHA-256 differs from the one recorded").format(path=path))
    return problems


def verify(path: Path) -> list[str]:
    """One line per problem of the package at `path` (none: its fixity holds)."""
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            if sum(info.file_size for info in infos) > LIMIT:
                return [_("{path}: larger than 1 GiB unpacked").format(path=path)]
            raw = {info.filename: package.read(info) for info in infos if not info.is_dir()}
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        return [_("{path}: not a readable ZIP ({error})").format(path=path, error=exc)]
    tops = {name.split("/", 1)[0] for name in raw}
    if len(tops) != 1:
        return [_("{path}: a package is one folder").format(path=path)]
    top = tops.pop()
    files = {name.split("/", 1)[1]: data for name, data in raw.items() if "/" in name}
    problems: list[str] = []
    recorded: dict[str, list[str]] = {}  # a file's problem, and the records (METS, PREMIS) that say so
    named = {"METS.xml"}
    for mets_path in ["METS.xml", *_representations(files)]:
        named.add(mets_path)
        folder = mets_path.rpartition("/")[0]
        try:
            mets = _xml(files[mets_path])
        except (KeyError, ValueError, ElementTree.ParseError):
            problems.append(_("{path}: missing or not well-formed").format(path=f"{top}/{mets_path}"))
            continue
        for node in mets.iter():
            if node.tag in (f"{{{NS['mets']}}}file", f"{{{NS['mets']}}}mdRef"):
                location = node if node.tag.endswith("mdRef") else node.find(f"{{{NS['mets']}}}FLocat")
                href = location.get(HREF, "") if location is not None else ""
                target = f"{folder}/{href}" if folder else href
                named.add(target)
                for line in _check(files, target, node.get("SIZE"), node.get("CHECKSUM")):
                    recorded.setdefault(line, []).append(mets_path)
    premis, from_premis = _premis(files)
    problems += premis
    for line in from_premis:
        recorded.setdefault(line, []).append(PREMIS)
    # The same problem found by several records is one line naming them all.
    problems += [
        _("{problem} (according to {records})").format(problem=line, records=", ".join(records))
        for line, records in recorded.items()
    ]
    problems += [
        _("{path}: not named by the package's METS").format(path=name) for name in sorted(set(files) - named)
    ]
    return [f"{top}/{line}" if not line.startswith(str(path)) else line for line in problems]


def _representations(files: dict[str, bytes]) -> list[str]:
    return sorted(
        name for name in files if name.startswith("representations/") and name.endswith("/METS.xml")
    )


def _premis(files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """The PREMIS record's own problem (missing, not well-formed), and the problems of the files
    against the fixity it records for each file object."""
    p = f"{{{NS['premis']}}}"
    try:
        record = _xml(files[PREMIS])
    except (KeyError, ValueError, ElementTree.ParseError):
        return [_("{path}: missing or not well-formed").format(path=PREMIS)], []
    problems = []
    for obj in record.iter(f"{p}object"):
        traits = obj.find(f"{p}objectCharacteristics")
        if traits is None:
            continue
        name = obj.findtext(f"{p}objectIdentifier/{p}objectIdentifierValue", "")
        digest = traits.findtext(f"{p}fixity/{p}messageDigest")
        problems += _check(files, name, traits.findtext(f"{p}size"), digest)
    return [], problems
