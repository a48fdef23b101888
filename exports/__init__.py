"""Data out and between projects: Excel workbook, CSV, REFI-QDA, coder files."""
