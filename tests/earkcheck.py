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


def errors(report: Any) -> list[str]:
    """Every message of severity Error in the report (structure, schema, schematron)."""
    found = [f"{m.rule_id}: {m.message}" for m in report.structure.messages if m.severity.value == "Error"]
    if report.metadata is not None:
        for results in (report.metadata.schema_results, report.metadata.schematron_results):
            found += [
                f"{m.rule_id} {m.location}: {m.message}"
                for m in results.messages
                if m.severity.value == "Error"
            ]
    return found


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
