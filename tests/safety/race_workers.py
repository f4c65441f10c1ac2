"""What each racing process of test_races.py does: open the salon's database itself, then,
round after round, wait at the barrier with the others and try the same operation at the
same moment. Each attempt's outcome goes back on the queue."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import DomainError
from salon_pos.services.kernel import access
from salon_pos.services.kernel.context import Salon
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import bookings, checkout, deposits
from salon_pos.services.views.sale import active_lines as checkout_lines
from tests.conftest import OPENING


def close_sale(salon: Salon, sale: int, ids: dict, racer: int) -> None:
    checkout.close_sale(salon, sale, by=ids["desk"], key=f"close-{sale}-{racer}")


def book_slot(salon: Salon, start: str, ids: dict, racer: int) -> None:
    bookings.book(salon, client_id=ids["client"], stylist_id=ids["stylist"],
                  start=datetime.fromisoformat(start), service_ids=[ids["cut"]], by=ids["desk"])


def take_deposit(salon: Salon, booking: int, ids: dict, racer: int) -> None:
    deposits.take_deposit(salon, booking, by=ids["desk"], method="card",
                          reference=f"D-{racer}", key=f"deposit-{booking}-{racer}")


def send_deposit_due(salon: Salon, booking_and_due: tuple[int, int], ids: dict,
                     racer: int) -> None:
    """A desk whose deposit dialog was opened before the others took it: the amount due."""
    booking, due = booking_and_due
    deposits.take_deposit(salon, booking, by=ids["desk"], method="card", amount=due,
                          reference=f"D-{racer}", key=f"deposit-due-{booking}-{racer}")


def pay_in_cash(salon: Salon, sale_and_amount: tuple[int, int], ids: dict, racer: int) -> None:
    sale, amount = sale_and_amount
    checkout.take_tender(salon, sale, by=ids["desk"], method="cash", amount=amount,
                         key=f"cash-{sale}-{racer}")


def pay_by_the_same_voucher(salon: Salon, sales_and_code: tuple[list[int], str], ids: dict,
                            racer: int) -> None:
    """Each desk its own client's sale, all paid with one voucher at once; then closed."""
    sales, code = sales_and_code
    checkout.pay_by_voucher(salon, sales[racer], code, by=ids["desk"],
                            key=f"voucher-{sales[racer]}")
    checkout.close_sale(salon, sales[racer], by=ids["desk"], key=f"close-{sales[racer]}")


def use_the_last_course_session(salon: Salon, sales: tuple[int, ...], ids: dict,
                                racer: int) -> None:
    """Each desk a blow-dry of the same client, paid by the course's last session at once;
    then closed."""
    sale = sales[racer]
    [line] = [row.id for row in checkout_lines(salon, sale)]
    checkout.use_course_session(salon, sale, line, by=ids["desk"], key=f"session-{sale}")
    checkout.close_sale(salon, sale, by=ids["desk"], key=f"close-{sale}")


RACES = {"close the same sale": close_sale, "book the same slot": book_slot,
         "take the same deposit": take_deposit, "send the deposit due": send_deposit_due,
         "pay the sale in cash": pay_in_cash, "pay by the same voucher": pay_by_the_same_voucher,
         "use the last course session": use_the_last_course_session}


def race(database: str, data_dir: str, ids: dict, rounds: list, barrier, results,
         racer: int) -> None:
    """`rounds` is [(race name, its target), …], the same list for every racer."""
    salon = open_salon(SalonLocation(database, Path(data_dir)), FixedClock(OPENING), pin_cost=16)
    for name, target in rounds:
        barrier.wait()
        try:
            RACES[name](salon, target, ids, racer)
            outcome = ("won", "")
        except DomainError as error:
            outcome = ("refused", error.message)
        except Exception as error:  # noqa: BLE001 — a crash is reported as the test's failure
            outcome = ("failed", repr(error))
        results.put((name, target, racer, outcome))


PIN_REFUSALS = {"That PIN is not right.": "wrong", "Too many wrong PINs": "locked",
                "The database is busy": "busy"}


def try_pins(database: str, data_dir: str, staff_id: int, pins: list[str], ready, go,
             results) -> None:
    """One station trying `pins` at once, a thread (and a connection) each: the threads
    are started, say they are ready, and all try when `go` is set."""
    import threading

    salon = open_salon(SalonLocation(database, Path(data_dir)), FixedClock(OPENING), pin_cost=16)
    salon.database.close()  # each thread connects for itself

    def attempt(pin: str) -> None:
        go.wait()
        try:
            access.check_pin(salon, staff_id, pin)
            outcome = "right"
        except DomainError as error:
            outcome = next((kind for start, kind in PIN_REFUSALS.items()
                            if error.message.startswith(start)), error.message)
        except Exception as error:  # noqa: BLE001 — a crash is reported as the test's failure
            outcome = f"failed: {error!r}"
        finally:
            salon.database.close()  # this thread's connection
        results.put((pin, outcome))

    threads = [threading.Thread(target=attempt, args=(pin,)) for pin in pins]
    for thread in threads:
        thread.start()
    ready.put(len(threads))
    for thread in threads:
        thread.join()
