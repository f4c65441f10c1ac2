"""Several stations on one database (the SQLite file, or PostgreSQL under SALON_TEST_DATABASE),
doing the same thing at the same moment: closing the same sale, booking the same stylist's
slot, taking a booking's deposit twice; and eight desks sending the same money at once (the
deposit due, a sale's whole amount in cash). Each race has exactly one winner; the others
get a clear refusal; the journal stays one unbroken chain.

Separate processes (spawned, like separate PCs) meet at a barrier before every round.
SALON_RACE_ROUNDS sets the rounds of each race (default 5).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections import defaultdict
from datetime import datetime

from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.services.kernel import balances
from salon_pos.services.operations import checkout, clients
from salon_pos.services.views import verify
from salon_pos.services.views.sale import active_lines, sale_view
from salon_pos.services.views.vouchers import voucher_by_code
from salon_pos.store.database import close_database
from salon_pos.store.models import Booking, Course, JournalEntry, Sale
from tests.conftest import database_target
from tests.safety.race_workers import race
from tests.services.helpers import at, book, ready_sale, walk_in
from tests.services.test_courses import blow_dry_plan, sell_course
from tests.services.test_voucher_designs import cut_voucher_design, sell_design
from tests.services.test_vouchers import sell_voucher

RACERS = 4
ROUNDS = int(os.environ.get("SALON_RACE_ROUNDS", "5"))  # of each race
REFUSALS = {
    "close the same sale": "This sale is closed",
    "book the same slot": "already has",
    "take the same deposit": "deposit has already been taken",
    "send the deposit due": "deposit has already been taken",
    "pay the sale in cash": "Nothing is left to pay on this sale",
}
MONEY_RACERS = 8  # desks sending the same money at once


def prepare_rounds(s) -> list[tuple[str, object]]:
    """A ready sale with its card payment taken, a free slot and a booking owing a deposit,
    for every round."""
    rounds = []
    for number in range(ROUNDS):
        _booking, sale = ready_sale(s, 10 + 2 * number)
        remaining = sale_view(s.salon, sale).remaining
        checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=remaining,
                             reference=f"T-{sale}")
        slot = at(s, 10 + 2 * number, days=1).isoformat()
        owing = book(s, 10 + 3 * number, services=[s.cut, s.blowdry], days=2)
        rounds += [("close the same sale", sale), ("book the same slot", slot),
                   ("take the same deposit", owing)]
    return rounds


def run_races(s, rounds, racers: int = RACERS) -> dict[tuple[str, object], list[tuple[str, str]]]:
    """Every racer runs every round; the outcomes of each round."""
    ids = {field.name: getattr(s, field.name) for field in dataclasses.fields(s)
           if isinstance(getattr(s, field.name), int)}
    database = database_target(s.salon)
    close_database()
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(racers, timeout=60), spawn.Queue()
    processes = [spawn.Process(target=race, args=(database, str(s.salon.data_dir), ids,
                                                  rounds, barrier, results, racer))
                 for racer in range(racers)]
    for process in processes:
        process.start()
    outcomes = defaultdict(list)
    for _ in range(racers * len(rounds)):
        name, target, _racer, outcome = results.get(timeout=120)
        outcomes[(name, target)].append(outcome)
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return outcomes


def records_left_by(name: str, target) -> int:
    """What a race wrote: the sale's payment entries, the slot's bookings, the deposits."""
    if name == "close the same sale":
        assert Sale.get_by_id(target).status == SaleStatus.CLOSED
        return JournalEntry.select().where(
            (JournalEntry.sale == target) & (JournalEntry.kind == Kind.PAYMENT)).count()
    if name == "book the same slot":
        start = to_utc_naive(datetime.fromisoformat(target))
        return Booking.select().where(Booking.start == start).count()
    return JournalEntry.select().where(
        (JournalEntry.booking == target) & (JournalEntry.kind == Kind.DEPOSIT_TAKEN)).count()


def test_each_race_has_exactly_one_winner_and_the_chain_stays_whole(s):
    rounds = prepare_rounds(s)
    outcomes = run_races(s, rounds)

    assert_one_winner_each(outcomes)
    for name, target in rounds:
        assert records_left_by(name, target) == 1, (name, target)
    receipts = [sale.receipt_no for sale in Sale.select().where(Sale.receipt_no.is_null(False))]
    assert sorted(receipts) == list(range(1, ROUNDS + 1))
    assert_chain_whole(s)
    print_tally(outcomes, RACERS)


def assert_one_winner_each(outcomes) -> None:
    for (name, _target), results in outcomes.items():
        assert [result for result, _ in results].count("won") == 1, (name, results)
        for result, message in results:
            assert result == "won" or (result == "refused" and REFUSALS[name] in message), (
                name, results)


def assert_chain_whole(s) -> None:
    sequence = [entry.seq for entry in JournalEntry.select().order_by(JournalEntry.seq)]
    assert sequence == list(range(1, len(sequence) + 1))
    result = verify.verify(s.salon)
    assert result.ok, result.problems


def print_tally(outcomes, racers: int) -> None:
    attempts = sum(len(results) for results in outcomes.values())
    print(f"\nraces: {len(outcomes)} races of {racers} processes ({attempts} attempts): "
          f"{len(outcomes)} winners, {attempts - len(outcomes)} refused, journal chain whole")


def test_money_sent_by_several_desks_at_once_is_taken_once(s):
    """Desks whose dialogs were open before any of them sent: each sends the deposit due,
    or the sale's whole amount in cash. One is taken; the others are told it is."""
    rounds = []
    for number in range(ROUNDS):
        owing = book(s, 10 + 3 * number, services=[s.cut, s.blowdry], days=2)
        sale = walk_in(s)  # €18.00
        rounds += [("send the deposit due", (owing, Booking.get_by_id(owing).deposit_due)),
                   ("pay the sale in cash", (sale, sale_view(s.salon, sale).remaining))]

    outcomes = run_races(s, rounds, MONEY_RACERS)

    assert_one_winner_each(outcomes)
    for name, (target, amount) in rounds:
        if name == "send the deposit due":
            assert balances.deposit_held(s.salon, target) == amount == 1500
        else:
            assert [(t.method, t.amount) for t in sale_view(s.salon, target).tenders] == [
                ("cash", amount)]
            checkout.close_sale(s.salon, target, by=s.desk)
            assert Sale.get_by_id(target).change == 0
    assert_chain_whole(s)
    print_tally(outcomes, MONEY_RACERS)


def test_a_voucher_spent_at_several_desks_at_once_is_spent_once(s):
    """A €20.00 voucher, and a desk each with an €18.00 sale, paying with it at the same
    moment and closing: one pays €18.00 and closes, one takes the €2.00 left (its sale is
    still short, so it cannot close yet), the others are told nothing is left."""
    code = sell_voucher(s, 2000)
    rounds = []
    for _ in range(ROUNDS):
        rounds.append(("pay by the same voucher",
                       ([walk_in(s) for _ in range(RACERS)], code)))
        code = sell_voucher(s, 2000)

    outcomes = run_races(s, [(name, (tuple(sales), code)) for name, (sales, code) in rounds])

    for (_name, (sales, code)), results in outcomes.items():
        paid = [t.amount for sale in sales for t in sale_view(s.salon, sale).tenders]
        assert sorted(paid) == [200, 1800], results
        short = next(sale for sale in sales if sale_view(s.salon, sale).taken == 200)
        checkout.take_tender(s.salon, short, by=s.desk, method="cash", amount=1600)
        checkout.close_sale(s.salon, short, by=s.desk)
        assert voucher_by_code(s.salon, code).balance == 0
        refusals = [message for result, message in results if result == "refused"]
        assert len(refusals) == RACERS - 1 and all(
            "nothing left" in message or "still to pay" in message for message in refusals), \
            results
    assert_chain_whole(s)
    print_tally(outcomes, RACERS)


def test_the_last_session_of_a_course_used_at_several_desks_at_once_is_used_once(s):
    """A client's course with one session left (a client each round), and a desk each
    with a blow-dry of hers using it at the same moment and closing: one does; the others
    are told it has none left, and their sales stay open to be paid another way."""
    plan = blow_dry_plan(s, sessions=2, price=5000)
    rounds = []
    for number in range(ROUNDS):
        client = clients.add_client(s.salon, f"Client {number}", by=s.desk)
        course = sell_course(s, plan, client=client)
        first = walk_in_blow_dry(s, client)
        checkout.use_course_session(s.salon, first, active_lines(s.salon, first)[0].id,
                                    by=s.desk)
        checkout.close_sale(s.salon, first, by=s.desk)
        rounds.append(("use the last course session",
                       (tuple(walk_in_blow_dry(s, client) for _ in range(RACERS)), course)))

    outcomes = run_races(s, [(name, sales) for name, (sales, _course) in rounds])

    for name, (sales, course) in rounds:
        results = outcomes[(name, sales)]
        closed = [sale for sale in sales if Sale.get_by_id(sale).status == SaleStatus.CLOSED]
        assert len(closed) == 1, results
        assert Course.get_by_id(course).sessions_left == 0
        refusals = [message for result, message in results if result == "refused"]
        assert len(refusals) == RACERS - 1 and all(
            "has no sessions left" in message or "no course with a session left" in message
            for message in refusals), results
    assert_chain_whole(s)
    print_tally(outcomes, RACERS)


def walk_in_blow_dry(s, client: int) -> int:
    """An open sale of a blow-dry for the client."""
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=client)
    checkout.add_service_line(s.salon, sale, s.blowdry, by=s.desk)
    return sale


def test_a_single_purpose_voucher_used_at_several_desks_at_once_pays_one_cut(s):
    """A voucher for one cut (a new one each round), and a desk each with a walk-in cut
    paying with it at the same moment and closing: one cut is paid by it; the others are
    told it is spent (or on another sale), and their sales stay open with their cut still
    to pay at its price."""
    design = cut_voucher_design(s)
    rounds = []
    for _ in range(ROUNDS):
        code = sell_design(s, design)
        rounds.append(("pay by the same voucher",
                       (tuple(walk_in_cut(s) for _ in range(RACERS)), code)))

    outcomes = run_races(s, rounds)

    for name, (sales, code) in rounds:
        results = outcomes[(name, (sales, code))]
        closed = [sale for sale in sales if Sale.get_by_id(sale).status == SaleStatus.CLOSED]
        assert len(closed) == 1, results
        assert voucher_by_code(s.salon, code).balance == 0
        for sale in set(sales) - set(closed):
            view = sale_view(s.salon, sale)
            assert (view.tenders, view.remaining) == ((), 4500)
        refusals = [message for result, message in results if result == "refused"]
        assert len(refusals) == RACERS - 1 and all(
            "nothing left" in message or "another sale not yet paid" in message
            for message in refusals), results
    assert_chain_whole(s)
    print_tally(outcomes, RACERS)


def walk_in_cut(s) -> int:
    """An open sale of a cut at its price, without a booking."""
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_service_line(s.salon, sale, s.cut, by=s.desk)
    return sale
