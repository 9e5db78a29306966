"""The grade fractions Moodle accepts (``question_bank::fraction_options_full()``).

Moodle's import refuses an answer whose fraction is not in this list unless the
teacher picks "nearest grade if not listed", so exporters must only write these
values and the structural check must reject anything else.  Moodle XML writes
fractions as percentages (``fraction="33.33333"``).
"""

from __future__ import annotations

from fractions import Fraction

_POSITIVE = (
    Fraction(1),
    *(Fraction(p, q) for q in range(2, 7) for p in range(1, q)),
    *(Fraction(p, 10) for p in range(1, 10)),
    *(Fraction(1, q) for q in range(7, 11)),
    Fraction(1, 20),
)

ALLOWED: frozenset[Fraction] = frozenset({Fraction(0), *_POSITIVE, *(-f for f in _POSITIVE)})
"""Every accepted fraction from -1 to 1 (p/q for q <= 6, p/10, 1/q for q <= 10, 1/20)."""

TOLERANCE = 1e-6
"""Moodle compares to 7 decimal places; a rounding slack well above that and below any gap."""


def is_allowed(value: float) -> bool:
    """Whether ``value`` (a fraction -1..1, not a percentage) is one Moodle accepts."""
    return any(abs(value - float(f)) <= TOLERANCE for f in ALLOWED)


def share(count: int) -> Fraction | None:
    """``1/count`` when Moodle accepts it (``count`` 1-10 or 20), else ``None``."""
    value = Fraction(1, count)
    return value if value in ALLOWED else None


def percent(value: Fraction) -> str:
    """A fraction as Moodle XML writes it: a percentage with up to 7 significant decimals."""
    text = f"{float(value) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
