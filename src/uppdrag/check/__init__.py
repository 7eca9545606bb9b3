"""Stage 2: validate a composed tree into a `Charter`; data templates, quirks, schema, scaffold."""
