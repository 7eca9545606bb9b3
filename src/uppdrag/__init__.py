"""uppdrag: VGR's uppdragshandlingar from YAML."""

import os

__version__ = "0.1.0"

# pydantic looks for plugins in every installed distribution's entry points when the first model
# is built (≈ 25 ms of start-up); uppdrag uses none. A user who sets the variable keeps their value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
