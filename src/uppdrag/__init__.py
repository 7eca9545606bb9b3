"""uppdrag: VGR's uppdragshandlingar from YAML."""

__version__ = "0.1.0"
