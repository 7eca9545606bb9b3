"""Stage 4: what to compare, clauses aligned by id, words diffed, summaries and outputs."""
