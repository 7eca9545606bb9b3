"""Import mandate documents (DOCX, Markdown, PDF text) as council files."""
