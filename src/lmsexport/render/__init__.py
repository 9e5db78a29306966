"""Markdown and page rendering shared by every target that ships HTML."""
