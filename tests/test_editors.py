"""Help for the people who edit councils: the JSON Schema, `uppdrag new`, hook and workflow files."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import yaml

from tests.helpers import REPO, Invoke

if TYPE_CHECKING:
    from pathlib import Path


class _Yaml12(yaml.SafeLoader):
    """As the YAML language server reads a file: dates stay text; !template is text."""


_Yaml12.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _template_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    assert isinstance(node, yaml.ScalarNode), "!template tags text"
    return loader.construct_scalar(node)


_Yaml12.add_constructor("!template", _template_text)


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12)


def test_schema_command_matches_the_committed_schema(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(
        (REPO / "councils/schema.json").read_text(encoding="utf-8")
    )


def test_schema_is_draft_07_and_accepts_every_real_council() -> None:
    schema = json.loads((REPO / "councils/schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    for path in sorted((REPO / "councils").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schema.json")
        jsonschema.validate(load(path), schema, cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize(
    "council",
    [
        {"name": "x", "base": "samordningsrad", "revision": "2026", "titel": "fel"},
        {"name": "x", "base": "samordningsrad"},
        {"name": "x", "base": "samordningsrad", "revision": "2026", "sections": [{"heading": "utan id"}]},
        {
            "name": "x",
            "base": "samordningsrad",
            "revision": "2026",
            "sections": [{"id": "a", "at": "mitten"}],
        },
    ],
)
def test_schema_refuses_what_uppdrag_refuses(council: dict[str, Any]) -> None:
    schema = json.loads((REPO / "councils/schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(council, schema, cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize("kind", ["samordningsrad", "koncerngrupp"])
def test_new_scaffolds_a_council_that_validates(project: Path, uppdrag: Invoke, kind: str) -> None:
    result = uppdrag("new", "hjarta", "--kind", kind, "--name", "hjärta")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "councils/hjarta.yaml"
    assert uppdrag("validate", "hjarta").exit_code == 0
    row = next(line for line in uppdrag("list").stdout.splitlines() if line.startswith("hjarta "))
    assert row.endswith("(att fylla i)  utkast")  # never the revision's decision or diarienummer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["urologi"], "already exists"),
        (["../x"], "not a council name"),
        (["ny", "--kind", "samordning"], "did you mean"),
    ],
)
def test_new_refuses(project: Path, uppdrag: Invoke, args: list[str], message: str) -> None:
    result = uppdrag("new", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_pre_commit_hooks_run_uppdrag() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h["entry"] for h in hooks} == {
        "uppdrag-validate": "uppdrag validate",
        "uppdrag-build-check": "uppdrag build --check",
    }


def test_workflow_validates_checks_builds_and_uploads() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/uppdrag.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["documents"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert [r for r in runs if r.startswith("uppdrag")][:3] == [
        "uppdrag validate",
        "uppdrag build -f md,docx,html --check",
        "uppdrag build -f md,docx,html",
    ]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "out/"


def test_committed_out_is_fresh(uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = uppdrag("build", "-f", "md,docx,html", "--check")
    assert result.exit_code == 0, (
        "run `make run` (uppdrag build -f md,docx,html) and commit out/:\n" + result.stdout
    )
    assert re.fullmatch(r"out: fresh\n", result.stdout)
