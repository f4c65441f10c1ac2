"""Repeated timings and what is said of them: median and spread."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Samples:
    values: tuple[float, ...]  # in the row's unit

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> tuple[float, float]:
        """10th and 90th percentiles (the extremes below 10 runs)."""
        if len(self.values) < 10:
            return min(self.values), max(self.values)
        deciles = statistics.quantiles(self.values, n=10)
        return deciles[0], deciles[-1]


def milliseconds(action: Callable[[], object], runs: int, warm_up: int = 2) -> Samples:
    """Time `action` `runs` times (after a warm-up: caches as a running app has them)."""
    for _ in range(warm_up):
        action()
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return Samples(tuple(values))


def each_milliseconds(actions: list[Callable[[], object]]) -> Samples:
    """Time a list of different one-off actions (writes that cannot be repeated as-is)."""
    values = []
    for action in actions:
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return Samples(tuple(values))
