"""Stage 1: read the YAML (with positions), find the project's files, apply overlays, compose."""
