"""Order statistics the reports print: mean, median and the 90th percentile (linear interpolation between the
closest ranks, as PostgreSQL's percentile_cont and Excel's PERCENTILE.INC), so that a figure can be checked in a
spreadsheet from the case register."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """`fraction` in [0, 1]; None for no values. `values` need not be sorted."""
    if not values:
        return None
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def share(part: int, whole: int) -> float | None:
    """part / whole as a fraction (0.954 is shown as 95.4 %); None when there is nothing to divide."""
    return part / whole if whole else None
