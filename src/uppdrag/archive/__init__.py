"""To the archive: one E-ARK SIP (FGS Paketstruktur 2.0) per decided version of a mandate.

A stage on top of render and publish: `content` renders a version's files (PDF/A, DOCX, Markdown,
the published web page), `xml` writes small deterministic XML, `mets`, `premis` and `descriptive`
the package's metadata, `package` puts them into a ZIP with fixed order and timestamps, `versions`
finds the decided versions (the current one, or every published one with `--git`), `fixity`
checks a package's files against its METS and PREMIS, and `run` is what `uppdrag archive` calls.
"""
