"""The E-ARK validator (`eark-validator`) run offline.

At import, `eark_validator.ipxml.schematron` fetches four CSIP vocabularies from
earkcsip.dilcis.eu; the same files ship inside the package (resources/vocabs/). `validate`
serves those URLs from the shipped files while it imports, so the tests need no network.
"""

from __future__ import annotations

import contextlib
import importlib.util
import urllib.request
from pathlib import Path
from typing import Any

from lxml import etree

VOCABS = "https://earkcsip.dilcis.eu/schema/"


def available() -> bool:
    return importlib.util.find_spec("eark_validator") is not None


@contextlib.contextmanager
def offline_vocabularies() -> Any:
    spec = importlib.util.find_spec("eark_validator")
    assert spec is not None and spec.submodule_search_locations
    shipped = Path(next(iter(spec.submodule_search_locations))) / "ipxml" / "resources" / "vocabs"
    fetch = urllib.request.urlopen

    def local(url: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(url, str) and url.startswith(VOCABS):
            return (shipped / url.removeprefix(VOCABS)).open("rb")
        raise AssertionError(f"the validator asked the network for {url}")

    urllib.request.urlopen = local
    try:
        yield
    finally:
        urllib.request.urlopen = fetch


def validate(folder: Path) -> Any:
    """The validator's report on an unpacked package folder."""
    with offline_vocabularies():
        from eark_validator.packages import PackageValidator  # type: ignore[import-untyped]

    return PackageValidator(folder).validation_report


def findings(report: Any) -> list[Any]:
    """Every result of severity Error in the report (structure, schema, schematron): each has
    rule_id, location and message."""
    found = [m for m in report.structure.messages if m.severity.value == "Error"]
    if report.metadata is not None:
        for results in (report.metadata.schema_results, report.metadata.schematron_results):
            found += [m for m in results.messages if m.severity.value == "Error"]
    return found


def errors(report: Any) -> list[str]:
    """`findings` as lines: rule, location, message."""
    return [f"{m.rule_id} {m.location or ''}".rstrip() + f": {m.message}" for m in findings(report)]


def located(location: str, mets: Path) -> list[etree._Element]:
    """The elements a schematron finding points at: its location ends with the failing node's
    path (`/*[local-name()='mets' …]…`) after the rule's context and test."""
    start = location.find("/*[local-name()='mets'")
    assert start >= 0, location
    found = etree.parse(mets).xpath(location[start:])
    assert isinstance(found, list)
    return [node for node in found if isinstance(node, etree._Element)]


def manifest_problems(folder: Path) -> list[str]:
    """The validator's own manifest check: every file the METS names, with its size (and checksum)."""
    with offline_vocabularies():
        from eark_validator.infopacks.manifest import Manifests  # type: ignore[import-untyped]

    problems: list[str] = []
    for mets in sorted(folder.rglob("METS.xml")):
        manifest = Manifests.from_mets_file(mets)
        _, issues = Manifests.validate_manifest(manifest, alt_root=mets.parent)
        problems += issues
    return problems


def rule(version: str, spec: str, section: str, ident: str) -> tuple[str, str]:
    """The context and test of the installed validator's schematron assertion `ident`
    (ipxml/resources/schematron/<version>/<spec>/mets_<section>_rules.xml)."""
    spec_found = importlib.util.find_spec("eark_validator")
    assert spec_found is not None and spec_found.submodule_search_locations
    package = Path(next(iter(spec_found.submodule_search_locations)))
    rules = package / "ipxml" / "resources" / "schematron" / version / spec / f"mets_{section}_rules.xml"
    sch = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    (found,) = etree.parse(rules).xpath(f"//sch:assert[@id='{ident}']", namespaces=sch)
    assert isinstance(found, etree._Element)
    context = found.getparent()
    assert context is not None
    return context.get("context", ""), found.get("test", "")
