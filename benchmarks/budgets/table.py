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
    on_p90: bool = False  # the target is for nine waits in ten, not the typical one

    @property
    def met(self) -> bool:
        judged = self.measured.spread[1] if self.on_p90 else self.measured.median
        return self.meets_target(judged, self.limit.median if self.limit else None)

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


# --- several stations (benchmarks/budgets/stations.py) ----------------------------------------

# The per-operation columns, with the single-station budget where there is one.
STATION_COLUMNS = (("book + deposit", "book + deposit (≤ 20 ms)"),
                   ("close a sale", "close a sale (≤ 30 ms)"),
                   ("check in / start / finish", "check in / start / finish"),
                   ("ring up (open, product, tip, sign-off, tender)",
                    "ring up (open, product, tip, sign-off, tender)"),
                   ("cancel", "cancel"), ("reads (day book, sale)", "reads (day book, sale)"))
SESSION_COLUMNS = ("waiting for the write lock", "in a transaction, waiting for the station",
                   "waiting: IO WALSync", "running a statement", "idle (between transactions)")


def _share(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


def print_station_tables(configs: list[dict]) -> None:
    """Several stations (dicts of stations.Config.as_dict): throughput and correctness,
    each operation's p50 / p90, where the writes' time goes, and (PostgreSQL) what the
    server's sessions were doing."""
    measured = [config for config in configs if config["runs"]]
    print("\n| stations | operations (writes), all runs | refused: real clashes | refused: "
          "anything else | verify, counts | operations/s, median (each run) | × 1 station |")
    print("|---|---|---|---|---|---|---|")
    single = {config["database"]: config["operations_per_s_median"] for config in measured
              if config["stations"] == 1}
    for config in configs:
        name = f"{config['stations']} on {config['database']}"
        if not config["runs"]:
            print(f"| {name} | {config['note']} | | | | | |")
            continue
        runs = config["runs"]
        ops, writes = sum(r["operations"] for r in runs), sum(r["writes"] for r in runs)
        clashes = sum(r["clashes"] for r in runs)
        real = sum(r["clashes_confirmed"] for r in runs)
        failures = sum(r["failures"] for r in runs)
        checked = all(r["verify_ok"] for r in runs) and all(
            count["found"] == count["expected"] for r in runs for count in r["tally"].values())
        each = ", ".join(f"{r['operations_per_s']:.0f}" for r in runs)
        rate = config["operations_per_s_median"]
        times = f"{rate / single[config['database']]:.2f}×" if single.get(
            config["database"]) else "—"
        print(f"| {name} | {ops:,} ({writes:,}) | {clashes} ({real} confirmed) | "
              f"{failures if not failures else f'**{failures}**'} | "
              f"{'ok' if checked else '**no**'} | **{rate:.0f}** ({each}) | {times} |")
    if not measured:
        return
    print("\n| stations | " + " | ".join(title for _key, title in STATION_COLUMNS)
          + " |\n|---|" + "---|" * len(STATION_COLUMNS))
    for config in measured:
        cells = []
        for key, _title in STATION_COLUMNS:
            figures = config["per_operation_ms"].get(key)
            cells.append(f"{figures['p50']:.1f} / {figures['p90']:.1f} ms" if figures else "—")
        print(f"| {config['stations']} on {config['database']} | " + " | ".join(cells) + " |")
    print("\n| stations | write lock held, of the run's time | each write: holding the "
          "write lock, statements | of the writes' time: waiting for the lock (writes that "
          "waited; longest) | holding it | in statements (driver and server) | building "
          "their SQL (peewee) | commit | "
          "journal appends | cores used: stations / server | machine busy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for config in measured:
        time, runs = config["where_the_write_time_goes"], config["runs"]
        held = sum(r["write_lock_held"] * r["seconds"] for r in runs) / sum(
            r["seconds"] for r in runs)
        wall = sum(r["seconds"] for r in runs)
        busy = sum(r["cpu_busy"] for r in runs) / len(runs)
        cores = (f"{sum(r['stations_cpu_s'] for r in runs) / wall:.2f} / "
                 f"{sum(r['server_cpu_s'] for r in runs) / wall:.2f}")
        print(f"| {config['stations']} on {config['database']} | {_share(held)} | "
              f"{time['held_ms_per_write']:.1f} ms, {time['statements_per_write']:.0f} | "
              f"{_share(time['waiting_for_lock'])} ({_share(time['writes_that_waited'])}; "
              f"{time['longest_wait_ms']:.0f} ms) | {_share(time['holding_lock'])} | "
              f"{_share(time['statements'])} | {_share(time.get('building_sql'))} | "
              f"{_share(time['commit'])} | "
              f"{_share(time['journal_appends'])} | {cores} | {_share(busy)} |")
    sampled = [config for config in measured if config["runs"][0]["postgres_sessions"]]
    if not sampled:
        return
    print("\n| stations | server sessions: " + " | ".join(SESSION_COLUMNS) + " |")
    print("|---|" + "---|" * len(SESSION_COLUMNS))
    for config in sampled:
        shares = [sum(r["postgres_sessions"].get(column, 0) for r in config["runs"])
                  / len(config["runs"]) for column in SESSION_COLUMNS]
        print(f"| {config['stations']} on {config['database']} | "
              + " | ".join(_share(share) for share in shares) + " |")
