"""`uppdrag archive`: an E-ARK SIP (FGS Paketstruktur 2.0) per decided version, checked by the
E-ARK consortium's own validator (`eark-validator`, run offline: tests/earkcheck.py), by uppdrag's
fixity check, by the PDF checks of the rendered PDFs, and byte for byte against a second run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING, Any

import pytest

from tests import earkcheck
from tests.helpers import REPO, SLUGS, Invoke, edit, git, line_of, missing, need, outloud, outloud_allowed

if TYPE_CHECKING:
    from pathlib import Path


DECIDED = [slug for slug in SLUGS if slug != "onkologi"]  # onkologi is an utkast
# The one validator finding the tests accept, and why (test_sip14_cannot_be_met_by_a_schema_valid_package
# shows it on the installed validator). eark-validator 1.1.3 (the newest on PyPI; its main branch has
# the same rule) holds in ipxml/resources/schematron/V2.1.0/SIP/mets_metsHdr_rules.xml (and V2.0.4):
#   <rule context="/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'CREATOR']/mets:note">
#     <assert id="SIP14" role="ERROR" test="@NOTETYPE = 'IDENTIFICATIONCODE'">
# the only rule of its pattern that matches a note, so it judges every CREATOR agent's note, and it
# asks for a NOTETYPE attribute in no namespace. CSIP requires a CREATOR agent (CSIP11) of type
# OTHER/SOFTWARE (CSIP12, CSIP13) with exactly one note (CSIP15) carrying csip:NOTETYPE="SOFTWARE
# VERSION" (CSIP16); the METS schema (mets.xsd, metsHdr/agent/note) allows on a note only
# `<xsd:anyAttribute namespace="##other">`, so an unqualified NOTETYPE makes the METS invalid. Every
# package thus fails one of SIP14, CSIP15/16 or the schema. The E-ARK SIP text's own SIP14 is
# "metsHdr/agent/note/@csip:NOTETYPE" = "IDENTIFICATIONCODE" on the *archival creator* agent
# (ROLE="ARCHIVIST", example metsHdrAgentExample1 of the profile the validator ships), which
# uppdrag writes; the validator tests the wrong agent and the wrong attribute.
SKIPPED = ("SIP14", "The creator agent element MUST have a NOTETYPE attribute of value IDENTIFICATIONCODE.")
SIP14 = (
    "/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'CREATOR']/mets:note",
    "@NOTETYPE = 'IDENTIFICATIONCODE'",
)
CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
SOFTWARE_NOTE = '<mets:note csip:NOTETYPE="SOFTWARE VERSION">'


@pytest.fixture(autouse=True)
def validator() -> None:
    """The E-ARK validator, which `make` installs: missing, a skip (a failure in CI)."""
    if not earkcheck.available():
        missing("eark-validator", "the Makefile installs it into .venv")


def archive(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "uppdrag", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need("soffice")
    out = tmp_path_factory.mktemp("arkiv")
    done = archive("--root", str(REPO), "archive", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "onkologi: inget beslutat" in done.stdout or "onkologi: no decided version" in done.stdout
    return out


def unpacked(package: Path, into: Path) -> Path:
    with zipfile.ZipFile(package) as archive_file:
        archive_file.extractall(into)
    (folder,) = into.iterdir()
    return folder


def assert_valid(package: Path, into: Path) -> None:
    """The validator: well formed, schema valid, every file in its manifest, and exactly one error:
    SKIPPED, on the software agent's note (see above)."""
    folder = unpacked(package, into)
    report = earkcheck.validate(folder)
    assert report.structure.status.name == "WELLFORMED"
    assert report.metadata.schema_results.status.name == "VALID"
    found = earkcheck.findings(report)
    assert [(f.rule_id, f.message) for f in found] == [SKIPPED], earkcheck.errors(report)
    (note,) = earkcheck.located(found[0].location, folder / "METS.xml")
    agent = note.getparent()
    assert agent is not None and (agent.get("ROLE"), agent.get("OTHERTYPE")) == ("CREATOR", "SOFTWARE")
    assert note.get(f"{CSIP}NOTETYPE") == "SOFTWARE VERSION"
    assert earkcheck.manifest_problems(folder) == []


def test_sip14_cannot_be_met_by_a_schema_valid_package(packages: Path, tmp_path: Path) -> None:
    """Why SKIPPED is accepted: the installed rules are the ones quoted above, and each way of
    meeting SIP14 breaks the METS schema or CSIP (when a validator fixes SIP14, assert_valid fails
    and the exception goes)."""
    for version in ("V2.0.4", "V2.1.0"):
        assert earkcheck.rule(version, "SIP", "metsHdr", "SIP14") == SIP14
        context, test = earkcheck.rule(version, "CSIP", "metsHdr", "CSIP16")
        assert (context, test) == (
            SIP14[0].removesuffix("/mets:note"),
            "mets:note[@csip:NOTETYPE='SOFTWARE VERSION']",
        )
    folder = unpacked(packages / "urologi-2026-06-17.zip", tmp_path)
    mets = folder / "METS.xml"
    text = mets.read_text(encoding="utf-8")
    assert text.count(SOFTWARE_NOTE) == 1 and text.count('ROLE="CREATOR"') == 1
    # The software's note with the attribute SIP14 tests: SIP14 holds, the METS schema fails.
    mets.write_text(
        text.replace(SOFTWARE_NOTE, SOFTWARE_NOTE[:-1] + ' NOTETYPE="IDENTIFICATIONCODE">'), "utf-8"
    )
    report = earkcheck.validate(folder)
    assert report.metadata.schema_results.status.name == "INVALID"
    assert [e for e in earkcheck.errors(report) if "SIP14" in e] == []
    assert any(
        "attribute 'NOTETYPE': The attribute 'NOTETYPE' is not allowed" in e for e in earkcheck.errors(report)
    )
    # No note on the software agent: SIP14 has nothing to judge, CSIP15 and CSIP16 fail.
    start = text.index(SOFTWARE_NOTE)
    end = text.index("</mets:note>", start) + len("</mets:note>")
    mets.write_text(text[:start] + text[end:], "utf-8")
    report = earkcheck.validate(folder)
    assert report.metadata.schema_results.status.name == "VALID"
    assert sorted(f.rule_id for f in earkcheck.findings(report)) == ["CSIP15", "CSIP16"]


def test_one_package_per_decided_council(packages: Path) -> None:
    assert sorted(p.name for p in packages.iterdir()) == sorted(
        f"{slug}-{day}.zip"
        for slug, day in [
            ("ortopedi", "2026-06-17"),
            ("urologi", "2026-06-17"),
            ("vuxenpsykiatri", "2026-06-17"),
            ("utveckling", "2024-05-31"),
        ]
    )


@pytest.mark.parametrize("slug", DECIDED)
def test_the_e_ark_validator_finds_each_package_well_formed(
    packages: Path, slug: str, tmp_path: Path
) -> None:
    (package,) = packages.glob(f"{slug}-*.zip")
    assert_valid(package, tmp_path)


def test_the_package_holds_the_documents_and_their_metadata(packages: Path, tmp_path: Path) -> None:
    folder = unpacked(packages / "urologi-2026-06-17.zip", tmp_path)
    data = folder / "representations" / "rep1" / "data"
    assert sorted(p.name for p in data.iterdir()) == [
        "urologi.akn.xml",
        "urologi.docx",
        "urologi.md",
        "urologi.pdf",
    ]
    assert (data / "urologi.md").read_bytes() == (REPO / "out" / "urologi.md").read_bytes()
    assert (data / "urologi.docx").read_bytes() == (REPO / "out" / "urologi.docx").read_bytes()
    mets = (folder / "METS.xml").read_text(encoding="utf-8")
    assert f'OBJID="{folder.name}"' in mets and 'csip:OAISPACKAGETYPE="SIP"' in mets
    assert '<mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">' in mets
    assert "<mets:name>Västra Götalandsregionen</mets:name>" in mets
    assert mets.count('ROLE="CREATOR"') == 1  # the software only: CSIP12-16 allow no other creator
    assert '<mets:altRecordID TYPE="SUBMISSIONAGREEMENT">Leveransöverenskommelse' in mets
    assert 'CREATEDATE="2026-06-17T00:00:00Z"' in mets
    dc = (folder / "metadata" / "descriptive" / "dc.xml").read_text(encoding="utf-8")
    for fact in (
        "<dc:title>Uppdragshandling för samordningsråd urologi, reviderad juni 2026</dc:title>",
        "<dc:identifier>RS 2024-00784</dc:identifier>",
        "<dc:date>2026-06-17</dc:date>",
        "<dc:creator>Jonas Claesson, Hälso- och sjukvårdsdirektör</dc:creator>",
        "<dc:type>samordningsrad</dc:type>",
        "<dc:publisher>Västra Götalandsregionen, Koncernkontoret</dc:publisher>",
    ):
        assert fact in dc
    premis = (folder / "metadata" / "preservation" / "premis.xml").read_text(encoding="utf-8")
    assert "<premis:eventType>decided</premis:eventType>" in premis
    assert "<premis:eventType>in force</premis:eventType>" in premis
    assert "<premis:eventType>superseded</premis:eventType>" not in premis  # the current version
    assert premis.count("<premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>") == 4
    assert "<premis:formatName>Akoma Ntoso</premis:formatName>" in premis
    assert "<premis:formatRegistryKey>fmt/477</premis:formatRegistryKey>" in premis  # PDF/A-2b


@pytest.mark.parametrize("slug", DECIDED)
def test_the_archived_pdf_passes_the_pdf_checks(packages: Path, slug: str, tmp_path: Path) -> None:
    """The archival copy holds its PDF/A-2b and PDF/UA-1 claims: pikepdf, `pdfua` and `outloud`,
    as tests/test_real_clients_open_the_docx.py and tests/test_pdfua.py check the rendered PDFs."""
    import pikepdf
    from pdfua import validate

    folder = unpacked(next(packages.glob(f"{slug}-*.zip")), tmp_path / "package")
    path = folder / "representations" / "rep1" / "data" / f"{slug}.pdf"
    with pikepdf.open(path) as pdf:
        root, meta = pdf.Root, pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == ("2", "B", "1")
        assert str(root.Lang) == "sv-SE" and "/StructTreeRoot" in root
        flags: list[object] = [root.MarkInfo.Marked, root.ViewerPreferences.DisplayDocTitle]
        assert all(flag is True for flag in flags)
        assert meta["dc:title"] and len(pdf.pages) >= 2
    report = validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings if f.severity.name == "ERROR"] == []
    assert report.exit_code == 0
    findings = outloud([path])[slug]
    severe = [f for f in findings if f["severity"] in ("error", "warning") and not outloud_allowed(f)]
    assert severe == []


def test_two_runs_give_the_same_bytes(packages: Path, tmp_path: Path) -> None:
    done = archive("--root", str(REPO), "archive", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    again = sorted(tmp_path.iterdir())
    assert [p.name for p in again] == sorted(p.name for p in packages.iterdir())
    for path in again:
        assert path.read_bytes() == (packages / path.name).read_bytes(), path.name


def _corrupted(package: Path, target: Path, member: str) -> None:
    """A copy of the package with one byte more in `member`."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            copy.writestr(info, data + b"\n" if info.filename.endswith(member) else data)


def test_a_corrupted_file_fails_the_validator_and_the_fixity_check(
    packages: Path, tmp_path: Path, uppdrag: Invoke
) -> None:
    package = packages / "urologi-2026-06-17.zip"
    ok = uppdrag("archive", "--verify", str(package))
    assert ok.exit_code == 0 and "fixity ok" in ok.stdout
    broken = tmp_path / "broken.zip"
    _corrupted(package, broken, "data/urologi.pdf")
    result = uppdrag("archive", "--verify", str(broken))
    assert result.exit_code == 1
    # each problem once, naming both records that hold the file's fixity (METS and PREMIS)
    records = " (according to representations/rep1/METS.xml, metadata/preservation/premis.xml)"
    lines = [line.split("/", 1)[1] for line in result.stderr.strip().splitlines()]
    with zipfile.ZipFile(package) as source:
        size = next(i.file_size for i in source.infolist() if i.filename.endswith("data/urologi.pdf"))
    assert lines == [
        f"representations/rep1/data/urologi.pdf: size {size + 1}, recorded {size}{records}",
        f"representations/rep1/data/urologi.pdf: SHA-256 differs from the one recorded{records}",
    ]
    problems = earkcheck.manifest_problems(unpacked(broken, tmp_path / "x"))
    assert any("urologi.pdf manifest size" in problem for problem in problems), problems


def test_a_file_swapped_at_the_same_size_fails_the_fixity_check(
    packages: Path, tmp_path: Path, uppdrag: Invoke
) -> None:
    package, broken = packages / "urologi-2026-06-17.zip", tmp_path / "swapped.zip"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(broken, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            copy.writestr(
                info, data.replace(b"urologi", b"UROLOGI") if info.filename.endswith(".md") else data
            )
    result = uppdrag("archive", "--verify", str(broken))
    assert result.exit_code == 1 and "urologi.md: SHA-256 differs" in result.stderr
    assert "size" not in result.stderr


def test_a_draft_is_refused_with_one_line(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    result = uppdrag("archive", "urologi", "onkologi")  # one decided, one draft: nothing written
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "councils/onkologi.yaml:1:1: onkologi är ett utkast: bara beslutade versioner arkiveras; "
        "för in beslutet (beslut.datum, eller beslutad: med revisionen) först"
    ]
    assert not (project / "arkiv").exists() and result.stdout == ""


def test_the_archive_profile_is_validated_at_its_line(project: Path, uppdrag: Invoke) -> None:
    vgr = project / "councils" / "bases" / "vgr.yaml"
    edit(
        vgr,
        "  arkivinstitution:\n    namn: Regionarkivet\n",
        "  arkivinstitutionen:\n    namn: Regionarkivet\n",
    )
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    line = line_of(vgr, "arkivinstitutionen:")
    assert f"councils/bases/vgr.yaml:{line}:3: arkiv.arkivinstitutionen:" in result.stderr
    assert "councils/bases/vgr.yaml" in result.stderr and "arkiv.arkivinstitution" in result.stderr


def commit_and_tag(project: Path, tag: str) -> None:
    git(project, "add", "-A", "councils", "templates")
    git(project, "commit", "-q", "--allow-empty", "-m", tag)
    git(project, "tag", tag)


@pytest.fixture
def history(project: Path) -> Path:
    """A repository with several published versions: v1 as shipped; v2 urologi's own decision and
    text; v3 only vuxenpsykiatri changed; v4 urologi's next change still a draft."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q")
    commit_and_tag(project, "v1")
    urologi = project / "councils" / "urologi.yaml"
    own = (
        "beslut:\n  datum: 2026-10-01\ndiarienummer: RS 2026-00042\n"
        "sections:\n  - id: syfte\n    blocks:\n      - id: syfte\n        text: Rådet samordnar urologin.\n"
    )
    urologi.write_text(urologi.read_text(encoding="utf-8") + own, encoding="utf-8")
    commit_and_tag(project, "v2")
    vuxen = project / "councils" / "vuxenpsykiatri.yaml"
    vuxen.write_text(vuxen.read_text(encoding="utf-8") + "diarienummer: RS 2026-00077\n", encoding="utf-8")
    commit_and_tag(project, "v3")
    edit(urologi, 'beslutad: "2026"', "")
    edit(urologi, "beslut:\n  datum: 2026-10-01\n", "")
    commit_and_tag(project, "v4")
    return project


def test_every_published_decided_version_with_git(history: Path, tmp_path: Path) -> None:
    need("soffice")
    out = history / "arkiv"
    done = archive("--root", str(history), "archive", "--git", "urologi", "ortopedi")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "ortopedi-2026-06-17.zip",
        "urologi-2026-06-17.zip",
        "urologi-2026-10-01.zip",
    ]
    for number, package in enumerate(sorted(out.iterdir())):
        assert_valid(package, tmp_path / str(number))
    first = unpacked(out / "urologi-2026-06-17.zip", tmp_path / "first")
    premis = (first / "metadata" / "preservation" / "premis.xml").read_text(encoding="utf-8")
    assert "<premis:eventType>superseded</premis:eventType>" in premis
    assert "<premis:eventDateTime>2026-10-01</premis:eventDateTime>" in premis
    second = unpacked(out / "urologi-2026-10-01.zip", tmp_path / "second")
    dc = (second / "metadata" / "descriptive" / "dc.xml").read_text(encoding="utf-8")
    assert "<dc:identifier>RS 2026-00042</dc:identifier>" in dc
    assert "Rådet samordnar urologin." in (second / "representations/rep1/data/urologi.md").read_text("utf-8")
    again = tmp_path / "again"
    done = archive("--root", str(history), "archive", "--git", "urologi", "ortopedi", "--out", str(again))
    assert done.returncode == 0, done.stderr
    for package in out.iterdir():
        assert (again / package.name).read_bytes() == package.read_bytes()


def test_a_separate_submitting_organisation_is_an_other_agent_with_its_code() -> None:
    from types import SimpleNamespace

    from uppdrag.archive.mets import representation_mets
    from uppdrag.check.model import Archive

    arkiv = Archive.model_validate(
        {
            "arkivbildare": {"namn": "Västra Götalandsregionen", "id": "232100-0131"},
            "levererande": {"namn": "Koncernkontoret", "id": "KK-1"},
            "arkivinstitution": {"namn": "Regionarkivet"},
            "leveransoverenskommelse": "LÖ 1",
        }
    )
    version: Any = SimpleNamespace(charter=SimpleNamespace(title="T"))
    mets = representation_mets("uuid-x", version, arkiv, "uppdrag", "2026-06-17T00:00:00Z", []).decode()
    assert (
        '<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\n'
        "      <mets:name>Koncernkontoret</mets:name>\n"
        '      <mets:note csip:NOTETYPE="IDENTIFICATIONCODE">KK-1</mets:note>'
    ) in mets
    assert mets.count('ROLE="CREATOR"') == 1


def test_a_published_version_this_uppdrag_cannot_read_is_a_warning_not_a_silent_gap(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--git`: urologi at v2 does not load (an unknown key); its other versions are archived, and
    one Swedish warning line names the council, the tag and the reason at its place in that tree."""
    need("soffice")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    git(project, "init", "-q")
    commit_and_tag(project, "v1")
    urologi = project / "councils" / "urologi.yaml"
    shipped = urologi.read_text(encoding="utf-8")
    urologi.write_text(shipped + "beslutsdatum: 2026-10-01\n", encoding="utf-8")
    line = len(shipped.splitlines()) + 1
    commit_and_tag(project, "v2")
    result = uppdrag("archive", "--git", "urologi")
    assert result.exit_code == 0, result.stderr
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith(
        "varning: urologi som den publicerades vid taggen v2 kan inte läsas av den här versionen av "
        f"uppdrag, så den versionen arkiveras inte: councils/urologi.yaml:{line}:1: beslutsdatum: "
        "okänd nyckel"
    ), warning
    assert sorted(p.name for p in (project / "arkiv").iterdir()) == ["urologi-2026-06-17.zip"]
