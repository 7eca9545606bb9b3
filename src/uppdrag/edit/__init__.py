"""Editing a council in the browser (`uppdrag serve --edit`): edits in, a minimal council file out."""
