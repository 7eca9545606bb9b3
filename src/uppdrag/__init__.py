"""uppdrag."""
