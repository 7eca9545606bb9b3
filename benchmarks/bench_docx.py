"""DOCX rendering speed: uppdrag against its peers on the same content (the urologi charter).

    python benchmarks/bench_docx.py [--runs N] [--write FILE]

Each contender makes the same document from the same validated charter, in one warm process
(pandoc: one process per document, as it is used). Reports the median milliseconds per
document and the ratio of each peer to uppdrag. Run it with `make bench`.
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uppdrag.check.charter import load_charter
from uppdrag.check.inline import plain_text
from uppdrag.render.docx import FIXED_PARTS, _environment, _fixed, render_docx
from uppdrag.render.markdown import render_markdown
from uppdrag.render.wordml import Links
from uppdrag.render.zipwriter import Part, zip_parts
from uppdrag.source.project import find_project

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from uppdrag.check.model import Charter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # goals.py beside it


def median_ms(work: Callable[[], Any], runs: int, inner: int = 1) -> float:
    work()  # warm up: imports, template compilation, caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(inner):
            work()
        samples.append((time.perf_counter() - started) * 1000 / inner)
    return statistics.median(samples)


def content(charter: Charter) -> dict[str, Any]:
    """The charter as plain data, for the peers' templates."""
    sections = []
    for section in charter.sections:
        blocks = []
        for block in section.blocks:
            if block.kind == "list":
                blocks.append({"kind": "list", "entries": [plain_text(i.text) for i in block.items]})
            else:
                blocks.append({"kind": "p", "label": block.label or "", "text": plain_text(block.text)})
        sections.append({"heading": section.heading or "", "level": section.level, "blocks": blocks})
    return {
        "title": charter.title,
        "fields": [
            (charter.labels.ansvarsomrade, charter.ansvarsomrade),
            (charter.labels.uppdragsgivare, charter.uppdragsgivare),
            (charter.labels.uppdragstagare, charter.uppdragstagare),
        ],
        "sections": sections,
        "beslut": f"{charter.labels.beslutsdatum} {charter.beslut.datum}",
        "namn": charter.beslut.namn,
        "titel": charter.beslut.titel,
        "sandlista_heading": charter.labels.sandlista,
        "sandlista": [plain_text(i.text) for i in charter.sandlista],
    }


def trim(document: Any) -> None:
    """Keep only the styles the document uses (with those they are based on, link or lead to),
    and drop the parts nobody reads (python-docx's default template carries 350 KB of styles,
    440 KB of stylesWithEffects and a thumbnail, which docxtpl would parse and write each time)."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    wanted = {p.style.style_id for p in document.paragraphs} | {"Normal", "DefaultParagraphFont"}
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        for tag in ("w:basedOn", "w:link", "w:next"):
            found = style.find(qn(tag)) if style is not None else None
            if found is not None and found.get(qn("w:val")) not in wanted:
                wanted.add(found.get(qn("w:val")))
                todo.append(found.get(qn("w:val")))
    for child in list(styles):
        if child.tag == qn("w:latentStyles") or (
            child.tag == qn("w:style") and child.get(qn("w:styleId")) not in wanted
        ):
            styles.remove(child)
    for rels in (document.part.rels, document.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                rels.pop(rid)


def docxtpl_template(folder: Path, trimmed: bool = True) -> Path:
    """A docxtpl template that lays out the same content with the same kinds of paragraphs;
    `trimmed` to the styles it uses (as a real template would be), or python-docx's default."""
    import docx

    document = docx.Document()
    document.add_heading("{{ title }}", level=1)
    document.add_paragraph("{%p for label, text in fields %}")
    document.add_paragraph("{{ label }} {{ text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for s in sections %}")
    document.add_paragraph("{%p if s.heading %}")
    document.add_heading("{{ s.heading }}", level=2)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for b in s.blocks %}")
    document.add_paragraph("{%p if b.kind == 'list' %}")
    document.add_paragraph("{%p for item in b.entries %}")
    document.add_paragraph("{{ item }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ b.label }} {{ b.text }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ beslut }}")
    document.add_paragraph("{{ namn }}")
    document.add_paragraph("{{ titel }}")
    document.add_heading("{{ sandlista_heading }}", level=2)
    document.add_paragraph("{%p for item in sandlista %}")
    document.add_paragraph("{{ item }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    if trimmed:
        trim(document)
    path = folder / f"template{'-trimmed' if trimmed else ''}.docx"
    document.save(str(path))
    return path


def python_docx_api(data: dict[str, Any]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(data["title"], level=1)
    for label, text in data["fields"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(f" {text}")
    for section in data["sections"]:
        if section["heading"]:
            document.add_heading(section["heading"], level=section["level"] + 1)
        for block in section["blocks"]:
            if block["kind"] == "list":
                for item in block["entries"]:
                    document.add_paragraph(item, style="List Bullet")
            else:
                document.add_paragraph(f"{block['label']} {block['text']}".strip())
    document.add_paragraph(data["beslut"])
    document.add_paragraph(data["namn"])
    document.add_paragraph(data["titel"])
    document.add_heading(data["sandlista_heading"], level=2)
    for item in data["sandlista"]:
        document.add_paragraph(item, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def floor(charter: Charter, templates: Path) -> bytes:
    """The least a Jinja2 DOCX can do: render document.xml, zip it with pre-deflated fixed parts."""
    env = _environment(str(templates / "docx"))
    context = {"charter": charter, "labels": charter.labels, "bullet": 1, "page": "", "text_width": 0}
    body = env.get_template("document.xml.j2").render(**context, links=Links())
    parts = [_fixed(templates / "docx", name) for name in FIXED_PARTS]
    return zip_parts([*parts, Part.of("word/document.xml", body.encode())])


def report(
    title: str,
    header: tuple[str, ...],
    align: str,
    rows: Sequence[tuple[str, ...]],
    write: Path | None,
    doc: Path | None = None,
) -> None:
    """Print a Markdown table of results, write it to `write` and between the `bench:docx`
    markers of `doc` when given."""
    from goals import put_between

    lines = [title, "", "| " + " | ".join(header) + " |", "| " + " | ".join(align.split()) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    table = "\n".join(lines)
    print(table)
    if write:
        write.write_text(table + "\n", encoding="utf-8")
    if doc:
        put_between(doc, "docx", table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", type=Path, help="also write the table (Markdown) to this file")
    parser.add_argument(
        "--doc", type=Path, help="replace the table between the bench:docx markers of this file"
    )
    args = parser.parse_args()

    project = find_project(ROOT)
    charter = load_charter(project, "urologi").charter
    data = content(charter)
    templates = project.templates_dir
    results: dict[str, float] = {}

    results["uppdrag"] = median_ms(lambda: render_docx(charter, templates), args.runs, inner=20)
    results["floor (document.xml + fixed parts)"] = median_ms(
        lambda: floor(charter, templates), args.runs, inner=20
    )
    results["uppdrag, whole pipeline (load, validate, render)"] = median_ms(
        lambda: render_docx(load_charter(find_project(ROOT), "urologi").charter, templates),
        args.runs,
        inner=5,
    )
    results["python-docx API"] = median_ms(lambda: python_docx_api(data), args.runs)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        try:
            from docxtpl import DocxTemplate  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            print("docxtpl not installed: pip install docxtpl (make bench does)")
        else:
            for trimmed, name in (
                (True, "docxtpl (template trimmed to its styles)"),
                (False, "docxtpl (python-docx's default template)"),
            ):
                template = docxtpl_template(work, trimmed)

                def docxtpl_render(template: Path = template) -> bytes:
                    document = DocxTemplate(str(template))
                    document.render(data)
                    out = io.BytesIO()
                    document.save(out)
                    return out.getvalue()

                results[name] = median_ms(docxtpl_render, args.runs)
        markdown = work / "urologi.md"
        markdown.write_text(render_markdown(charter, templates), encoding="utf-8")
        try:
            results["pandoc (one process per document)"] = median_ms(
                lambda: subprocess.run(
                    ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(work / "p.docx"), str(markdown)],
                    check=True,
                ),
                max(5, args.runs // 3),
            )
        except FileNotFoundError:
            print("pandoc not installed: apt-get install pandoc")

    base = results["uppdrag"]
    title = (
        f"DOCX of the urologi charter, median ms per document, {args.runs} runs; "
        f"{platform.processor() or platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}"
    )
    rows = [(name, f"{ms:.2f}", f"{ms / base:.1f}") for name, ms in results.items()]
    report(title, ("renderer", "ms / document", "× uppdrag"), "--- ---: ---:", rows, args.write, args.doc)


if __name__ == "__main__":
    main()
