"""How large a YAML input may be, in a module of its own: hashing an input (a kept charter's
check, build/charters.py) needs the limit but not PyYAML, which `source.load` imports."""

MAX_BYTES = 1_000_000
