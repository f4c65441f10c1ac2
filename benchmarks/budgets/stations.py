"""Several stations, measured (issue 19): 1, 2, 4 and 8 processes acting as stations on one
PostgreSQL server, and 1 and 2 on one SQLite file (WAL), each working a busy day's mix
through the real services (station_worker.py) on a fresh copy of a scratch salon
(station_salon.py).

For each configuration and run: throughput (operations a second, from the moment all
stations start to the last one's end), each kind of operation's p50 and p90, clashes
(bookings refused because the slot was really taken — each one checked against the
database afterwards) and failures (any other refusal: must be none). After each run
`verify` must pass, and the database must hold what the stations say they did.

Where the time goes: each write is split into waiting for the write lock, holding it, the
commit, the journal appends and the statements sent (station_worker.Instruments); how much
of the run's time some station held the lock; the CPU the stations and the server used
(their processes' times) and the whole machine's (/proc/stat: other work on it shows);
on PostgreSQL, the server's sessions sampled from pg_stat_activity every 20 ms.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import statistics
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

from benchmarks.budgets import station_salon
from benchmarks.budgets.station_salon import Cast
from benchmarks.budgets.station_worker import FIGURES, READS, station
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.localtime import local_to_utc
from salon_pos.services.opening import SalonLocation, close_salon, open_salon
from salon_pos.services.views.verify import verify
from salon_pos.store.models import Booking

SQLITE, POSTGRES = "SQLite", "PostgreSQL"
# How each kind of operation is shown, grouped as the desk sees them.
GROUPS = {
    "book": "book (clash check)", "deposit": "take deposit",
    "check in": "check in / start / finish", "start": "check in / start / finish",
    "finish": "check in / start / finish",
    "open sale": "ring up (open, product, tip, sign-off, tender)",
    "add product": "ring up (open, product, tip, sign-off, tender)",
    "tip": "ring up (open, product, tip, sign-off, tender)",
    "sign-off": "ring up (open, product, tip, sign-off, tender)",
    "tender": "ring up (open, product, tip, sign-off, tender)",
    "close sale": "close a sale", "cancel": "cancel",
    "day book": "reads (day book, sale)", "sale view": "reads (day book, sale)",
}


@dataclass
class Workload:
    checkouts: int = 24  # visits each station checks out (its two stylists' day)
    bookings: int = 36  # phone bookings each station takes
    clients: int = 300
    runs: int = 2  # of each configuration, each on a fresh copy
    seed: int = 1


@dataclass
class RunFigures:
    """One run of one configuration."""

    database: str
    stations: int
    seconds: float
    ops: list[tuple]  # every station's operations, as station_worker.FIGURES names them
    book_and_deposit: list[float]
    failures: list[tuple[str, str]]
    clashes: int
    clashes_real: int
    verify_ok: bool
    verify_problems: list[str]
    tally: dict  # what the database holds against what the stations did
    cpu_busy: float  # share of the machine's CPU time busy over the run
    stations_cpu_s: float
    server_cpu_s: float
    waits: dict = field(default_factory=dict)  # PostgreSQL sessions sampled

    @property
    def operations(self) -> int:
        return len(self.ops)

    @property
    def writes(self) -> int:
        return sum(1 for op in self.ops if op[0] not in READS)

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds

    @property
    def writes_per_second(self) -> float:
        return self.writes / self.seconds

    @property
    def lock_held(self) -> float:
        """The share of the run's time some station held the write lock (one at a time):
        near 1, the lock is what limits the throughput. Timed at the stations, from the
        lock granted to the commit returning: the way back of one commit overlaps the next
        station's start, so a lock never free reads a little over 1."""
        held = FIGURES.index("held_ms")
        return sum(op[held] for op in self.ops) / (self.seconds * 1000)


@dataclass
class Config:
    """Every run of one configuration, and what is said of them together."""

    database: str
    stations: int
    runs: list[RunFigures]
    note: str = ""

    @property
    def per_second(self) -> float:
        return statistics.median(run.per_second for run in self.runs)

    def all_right(self) -> bool:
        """No refusal but real clashes; verify passed; the rows are what the stations did."""
        return all(not run.failures and run.clashes_real == run.clashes and run.verify_ok
                   and all(count["found"] == count["expected"] for count in run.tally.values())
                   for run in self.runs)

    def latencies(self) -> dict[str, list[float]]:
        """Milliseconds per shown group, every run pooled (book + deposit: the two calls of
        one booking whose deposit was taken, as the single-station budget times them)."""
        found = defaultdict(list)
        for run in self.runs:
            for kind, ms, outcome, *_ in run.ops:
                if outcome == "ok":
                    found[GROUPS[kind]].append(ms)
            found["book + deposit"].extend(run.book_and_deposit)
        return found

    def where_the_time_goes(self) -> dict:
        """Of the writes' time (every run): waiting for the write lock, holding it, the
        commit, the journal appends, the statements, peewee building them; and per write,
        the time holding the lock and the statements sent."""
        writes = [dict(zip(FIGURES, op, strict=True)) for run in self.runs for op in run.ops
                  if op[0] not in READS]
        total = sum(op["ms"] for op in writes) or 1
        count = max(1, len(writes))

        def share(name: str) -> float:
            return sum(op[name] for op in writes) / total

        return {"write_ms": round(total), "waiting_for_lock": share("wait_ms"),
                "holding_lock": share("held_ms"), "commit": share("commit_ms"),
                "journal_appends": share("journal_ms"), "statements": share("statements_ms"),
                "building_sql": share("building_ms"),
                "held_ms_per_write": sum(op["held_ms"] for op in writes) / count,
                "statements_per_write": sum(op["statements"] for op in writes) / count,
                "writes_that_waited": sum(1 for op in writes if op["wait_ms"] > 0.5) / count,
                "longest_wait_ms": max((op["wait_ms"] for op in writes), default=0.0),
                "journal_entries": sum(op["journal_entries"] for op in writes)}

    def statements(self) -> dict[str, float]:
        """Statements sent per operation, on average, by group."""
        sent = defaultdict(list)
        for run in self.runs:
            for op in run.ops:
                sent[GROUPS[op[0]]].append(op[FIGURES.index("statements")])
        return {group: round(statistics.mean(values), 1) for group, values in sent.items()}

    def as_dict(self) -> dict:
        latencies, statements = self.latencies(), self.statements()
        return {
            "database": self.database, "stations": self.stations, "note": self.note,
            "operations_per_s_median": self.per_second if self.runs else None,
            "runs": [{
                "seconds": round(run.seconds, 3), "operations": run.operations,
                "writes": run.writes, "operations_per_s": round(run.per_second, 1),
                "writes_per_s": round(run.writes_per_second, 1), "clashes": run.clashes,
                "write_lock_held": round(run.lock_held, 3),
                "clashes_confirmed": run.clashes_real, "failures": len(run.failures),
                "failure_messages": sorted(set(message for _kind, message in run.failures))[:10],
                "verify_ok": run.verify_ok, "tally": run.tally,
                "cpu_busy": round(run.cpu_busy, 3), "stations_cpu_s": round(run.stations_cpu_s, 2),
                "server_cpu_s": round(run.server_cpu_s, 2),
                "postgres_sessions": run.waits,
            } for run in self.runs],
            "per_operation_ms": {
                group: {"count": len(values), "p50": round(_p(values, 50), 2),
                        "p90": round(_p(values, 90), 2),
                        "statements": statements.get(group)}
                for group, values in sorted(latencies.items()) if values},
            "where_the_write_time_goes": self.where_the_time_goes() if self.runs else None,
        }


def _p(values: list[float], percent: int) -> float:
    if percent == 50:
        return statistics.median(values)
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


# --- running ---------------------------------------------------------------------------------

def measure(folder: Path, postgres: str | None, work: Workload,
            postgres_counts=(1, 2, 4, 8), sqlite_counts=(1, 2),
            say=lambda text: None) -> tuple[list[Config], dict]:
    """Every configuration, each `work.runs` times on a fresh copy: (configs, about)."""
    configs: list[Config] = []
    about: dict = {"workload": dict(work.__dict__), "load_average_before": os.getloadavg()}
    if sqlite_counts:
        configs += _on_sqlite(folder, work, sqlite_counts, say)
    if postgres and postgres_counts:
        about["postgres"] = station_salon.server_about(postgres)
        configs += _on_postgres(folder, postgres, work, postgres_counts, say)
    elif postgres_counts:
        configs += [Config(POSTGRES, count, [], note="skipped: no --postgres URL given")
                    for count in postgres_counts]
    return configs, about


def _on_sqlite(folder: Path, work: Workload, counts, say) -> list[Config]:
    base = folder / "stations-base.db"
    say(f"stations: the SQLite salon for {max(counts)} stations")
    cast = station_salon.set_up(str(base), folder, stations=max(counts),
                                visits_per_stylist=-(-work.checkouts // 2),
                                clients_count=work.clients, seed=work.seed)
    configs = []
    try:
        for count in counts:
            runs = []
            for number in range(work.runs):
                say(f"stations: {count} on one SQLite file, run {number + 1} of {work.runs}")
                copy = folder / f"stations-{count}-{number}.db"
                station_salon.copy_sqlite(base, copy)
                try:
                    runs.append(run_once(str(copy), folder, cast, count, work))
                finally:
                    station_salon.remove_sqlite(copy)
            configs.append(Config(SQLITE, count, runs))
    finally:
        station_salon.remove_sqlite(base)
    return configs


def _on_postgres(folder: Path, server: str, work: Workload, counts, say) -> list[Config]:
    tag = f"{os.getpid()}"
    base_name = f"salon_stations_base_{tag}"
    say(f"stations: the PostgreSQL salon for {max(counts)} stations")
    base = station_salon.create_database(server, base_name)
    configs = []
    try:
        cast = station_salon.set_up(base, folder, stations=max(counts),
                                    visits_per_stylist=-(-work.checkouts // 2),
                                    clients_count=work.clients, seed=work.seed)
        for count in counts:
            runs = []
            for number in range(work.runs):
                say(f"stations: {count} on PostgreSQL, run {number + 1} of {work.runs}")
                name = f"salon_stations_{count}_{number}_{tag}"
                copy = station_salon.create_database(server, name, template=base_name)
                try:
                    runs.append(run_once(copy, folder, cast, count, work, server=server,
                                         database_name=name))
                finally:
                    station_salon.drop_database(server, name)
            configs.append(Config(POSTGRES, count, runs))
    finally:
        station_salon.drop_database(server, base_name)
    return configs


def run_once(target: str, data_dir: Path, cast: Cast, count: int, work: Workload, *,
             server: str | None = None, database_name: str | None = None) -> RunFigures:
    """`count` station processes on the database at `target` (a fresh copy), then checked."""
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(count + 1, timeout=120), spawn.Queue()
    since = time.time()
    processes = [spawn.Process(target=station, args=(
        target, str(data_dir), cast, number, work.checkouts, work.bookings, work.seed, since,
        barrier, results)) for number in range(count)]
    for process in processes:
        process.start()
    sampler = _SessionSampler(server, database_name) if server else None
    postmaster = postmaster_of(server) if server else None
    barrier.wait()
    cpu_before, server_before = _cpu_times(), _server_cpu(postmaster)
    if sampler:
        sampler.start()
    reports = _reports(processes, results)
    cpu_after = _cpu_times()
    for process in processes:  # their sessions' backends end with them
        process.join(timeout=60)
    server_cpu = _server_cpu(postmaster) - server_before
    if sampler:
        sampler.stop()
    for process in processes:
        if process.exitcode != 0:
            raise RuntimeError(f"a station's process ended with {process.exitcode}")
    ops = [op for report in reports for op in report["ops"]]
    clashes = [clash for report in reports for clash in report["clashes"]]
    verify_ok, problems, tally, real = _check(target, data_dir, cast, ops, clashes)
    busy = cpu_after[0] - cpu_before[0]
    total = cpu_after[1] - cpu_before[1]
    return RunFigures(
        database=POSTGRES if server else SQLITE, stations=count,
        seconds=max(r["ended"] for r in reports) - min(r["started"] for r in reports),
        ops=ops, book_and_deposit=[ms for r in reports for ms in r["book_and_deposit"]],
        failures=[failure for r in reports for failure in r["failures"]],
        clashes=len(clashes), clashes_real=real, verify_ok=verify_ok,
        verify_problems=problems, tally=tally, cpu_busy=busy / total if total else 0.0,
        stations_cpu_s=sum(r["cpu_s"] for r in reports), server_cpu_s=server_cpu,
        waits=sampler.shares() if sampler else {})


def _reports(processes, results) -> list[dict]:
    """Each station's report, as they finish; a station that died is said at once."""
    reports = []
    while len(reports) < len(processes):
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"a station's process ended with {dead[0]}") from None
    return reports


def _check(target: str, data_dir: Path, cast: Cast, ops, clashes):
    """verify; the database's rows against what the stations did; every clash real."""
    evening = local_to_utc(cast.day, clock_time(21, 0), station_salon.ZONE)
    salon = open_salon(SalonLocation(target, data_dir), FixedClock(evening),
                       pin_cost=station_salon.PIN_COST)
    try:
        result = verify(salon)
        done = Counter(kind for kind, _ms, outcome, *_ in ops if outcome == "ok")
        found = station_salon.tally_rows()
        expected = {"bookings": cast.counts["bookings"] + done["book"],
                    "cancelled": cast.counts["cancelled"] + done["cancel"],
                    "closed_sales": cast.counts["closed_sales"] + done["close sale"],
                    "deposits": cast.counts["deposits"] + done["deposit"]}
        real = sum(1 for stylist, begin, end in clashes if Booking.select().where(
            (Booking.stylist == stylist) & (Booking.start < datetime.fromisoformat(end))
            & (Booking.end > datetime.fromisoformat(begin))).exists())
    finally:
        close_salon()
    tally = {name: {"found": found[name], "expected": expected[name]} for name in expected}
    return result.ok, [f"{seq}: {what}" for seq, what in result.problems[:20]], tally, real


def _proc_stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command's name (state, ppid, …), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def postmaster_of(server: str) -> int | None:
    """The PostgreSQL server's main process on this machine (the parent of a session's
    backend), to read its CPU time; None for a server elsewhere."""
    import psycopg2

    connection = psycopg2.connect(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            fields = _proc_stat(cursor.fetchone()[0])
    finally:
        connection.close()
    return int(fields[1]) if fields else None


def _server_cpu(postmaster: int | None) -> float:
    """CPU seconds the server has used: its main process, its live children, and the
    children it has reaped (the stations' backends that ended)."""
    if postmaster is None:
        return 0.0
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _proc_stat(int(entry.name))
        if fields is None:
            continue
        if int(entry.name) == postmaster:
            total += sum(int(n) for n in fields[11:15])  # utime, stime, cutime, cstime
        elif fields[1] == str(postmaster):
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


class _SessionSampler:
    """The stations' server sessions, every 20 ms: what each is doing or waiting for."""

    QUERY = ("SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
             "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'")

    def __init__(self, server: str, database_name: str):
        self.server, self.name = server, database_name
        self.seen: Counter = Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psycopg2

        connection = psycopg2.connect(self.server)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                while not self._stop.wait(0.02):
                    cursor.execute(self.QUERY, (self.name,))
                    self.samples += 1
                    for state, kind, event in cursor.fetchall():
                        self.seen[_session_state(state, kind, event)] += 1
        finally:
            connection.close()

    def shares(self) -> dict:
        """Of all the sessions' sampled moments, the share in each state."""
        total = sum(self.seen.values()) or 1
        return {"samples": self.samples,
                **{state: round(n / total, 3) for state, n in self.seen.most_common()}}


def _session_state(state: str | None, kind: str | None, event: str | None) -> str:
    if state == "active":
        if kind is None:
            return "running a statement"
        if (kind, event) == ("Lock", "advisory"):
            return "waiting for the write lock"
        return f"waiting: {kind} {event}"
    if state == "idle in transaction":
        return "in a transaction, waiting for the station"
    if state == "idle":
        return "idle (between transactions)"
    return str(state)
