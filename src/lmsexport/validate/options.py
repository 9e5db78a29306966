"""Limits and switches for one validation run.

The limits are what keeps a hostile upload from exhausting memory or time: each
is checked against the zip's declared sizes before anything is inflated, and
again while reading, so a lying header cannot get past them either.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ValidateOptions:
    """Bounds (all configurable from the CLI) and what to check."""

    max_entries: int = 20_000
    max_total_bytes: int = 1024 * MIB
    max_member_bytes: int = 256 * MIB
    max_ratio: float = 200.0
    # Small members may compress absurdly well (a file of spaces); the ratio
    # check only applies from this size on.
    ratio_floor_bytes: int = 1 * MIB
    time_limit_s: float = 120.0
    large_package_bytes: int = 100 * MIB
    xsd: bool = True


DEFAULT_OPTIONS = ValidateOptions()
