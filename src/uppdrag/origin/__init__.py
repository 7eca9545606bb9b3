"""Provenance: where every value of a council's charter was set, through its base chain."""
