"""One row of the budgets table: the figure, its target, and its limit measured in the
same run; printed side by side and written as JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.budgets.timing import Samples


@dataclass
class Row:
    interaction: str
    unit: str
    measured: Samples
    limit: Samples | None
    target: str
    meets_target: Callable[[float, float | None], bool]
    limit_name: str = ""
    higher_is_better: bool = False

    @property
    def met(self) -> bool:
        return self.meets_target(self.measured.median,
                                 self.limit.median if self.limit else None)

    @property
    def times_the_limit(self) -> float | None:
        """How far from the barest way: > 1 is slower (or fewer per second)."""
        if self.limit is None:
            return None
        if self.higher_is_better:
            return self.limit.median / self.measured.median
        return self.measured.median / self.limit.median

    def as_dict(self) -> dict:
        return {
            "interaction": self.interaction, "unit": self.unit, "target": self.target,
            "median": self.measured.median, "p10_p90": self.measured.spread,
            "runs": len(self.measured.values), "limit": self.limit_name or None,
            "limit_median": self.limit.median if self.limit else None,
            "times_the_limit": self.times_the_limit, "meets_target": self.met,
        }


def figure(value: float, unit: str) -> str:
    if unit == "entries/s":
        return f"{value:,.0f}/s"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def print_table(rows: list[Row]) -> None:
    print("\n| interaction | median (p10–p90) | target | limit, same run | × limit | met |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        low, high = row.measured.spread
        spread = f"{figure(row.measured.median, row.unit)} ({figure(low, row.unit)}–" \
                 f"{figure(high, row.unit)})"
        limit = (f"{figure(row.limit.median, row.unit)}: {row.limit_name}" if row.limit
                 else "—")
        times = f"{row.times_the_limit:.1f}×" if row.times_the_limit is not None else "—"
        print(f"| {row.interaction} | {spread} | {row.target} | {limit} | {times} | "
              f"{'yes' if row.met else '**no**'} |")
