"""Readers that turn source files (YAML, Markdown, foreign question banks) into the model."""
