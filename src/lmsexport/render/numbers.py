"""How exported text writes a number the author gave: exactly, and the same on every build."""

from __future__ import annotations


def exact_number(value: float) -> str:
    """The shortest text that reads back as ``value``: ``2`` not ``2.0``, never rounded.

    Grades, tolerances and answer keys must say the number the author wrote;
    ``f"{value:g}"`` would turn an answer of 1234567 into ``1.23457e+06``.
    """
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text
