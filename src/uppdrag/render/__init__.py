"""Stage 3: turn a `Charter` into bytes, one registered `Format` per output (md, docx, pdf, …)."""
