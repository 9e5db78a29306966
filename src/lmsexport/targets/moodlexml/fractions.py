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


_SUM_SLACK = Fraction(1, 1000)
"""How far from 1 a multiple-answer total may be: Moodle accepts it if it rounds to 1.00."""


def shares(count: int) -> tuple[Fraction, ...] | None:
    """Grades for ``count`` correct choices, largest first, that Moodle accepts as adding up to 100%.

    ``1/count`` each when Moodle lists it (1-10 or 20).  Otherwise the two listed
    grades either side of ``1/count``, mixed so the total is 100% (Moodle refuses a
    multiple-answer question whose positive grades do not round to 1.00) and as
    close to equal shares as possible: 11 correct choices get 10% x 9 and 5% x 2.
    ``None`` when no mix exists (more than 20: 5% is the smallest grade).
    """
    equal = Fraction(1, count)
    if equal in ALLOWED:
        return (equal,) * count
    positive = sorted(f for f in ALLOWED if f > 0)
    best: tuple[Fraction, tuple[Fraction, ...]] | None = None
    for low in (f for f in positive if f < equal):
        for high in (f for f in positive if f > equal):
            for many in range(1, count):
                total = many * high + (count - many) * low
                if abs(total - 1) > _SUM_SLACK:
                    continue
                spread = many * (high - equal) ** 2 + (count - many) * (equal - low) ** 2
                if best is None or spread < best[0]:
                    best = (spread, (high,) * many + (low,) * (count - many))
    return None if best is None else best[1]


def nearest(value: Fraction) -> Fraction:
    """The grade Moodle lists closest to ``value`` (what its "nearest grade" import would pick)."""
    return min(ALLOWED, key=lambda f: (abs(f - value), f))


def percent(value: Fraction) -> str:
    """A fraction as Moodle XML writes it: a percentage with up to 7 significant decimals."""
    text = f"{float(value) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
