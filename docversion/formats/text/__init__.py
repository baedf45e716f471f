"""The seed's text format: a Word manual converted to text, read as blocks."""
