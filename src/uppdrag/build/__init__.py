"""Stage 5: every council in every format into out/, remaking only what changed."""
