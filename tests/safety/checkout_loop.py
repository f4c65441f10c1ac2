"""The child process of the crash test: runs checkouts on a real SQLite salon until it is
killed. After each sale is closed it prints `closed <sale id>`, so the parent knows which
sales were committed before the kill and must still be there.

    python -m tests.safety.checkout_loop DB_FILE IDS_JSON SEED

IDS_JSON holds the ids of the salon's staff, catalogue and client (see test_crash.py).
"""

from __future__ import annotations

import json
import random
import sys
from datetime import time, timedelta
from pathlib import Path

from salon_pos.domain.clock import FixedClock
from salon_pos.services.kernel.context import Salon
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import bookings, checkout, deposits
from salon_pos.services.views.sale import sale_view
from salon_pos.store.models import Booking
from tests.conftest import OPENING


def booked_checkout(salon: Salon, clock: FixedClock, ids: dict, rng: random.Random) -> int:
    """A cut and blow-dry booked on a day of its own, deposit taken, done, tipped and paid
    by card: many journal entries in one close."""
    day = Booking.select().count() + 1  # every booking so far has a day of its own
    clock.set(OPENING + timedelta(days=day))
    start = bookings.local_start(salon, salon.today(), time(12, 0))
    booking = bookings.book(salon, client_id=ids["client"], stylist_id=ids["stylist"],
                            start=start, service_ids=[ids["cut"], ids["blowdry"]],
                            by=ids["desk"])
    deposits.take_deposit(salon, booking, by=ids["desk"], method="card", reference="D-1")
    bookings.check_in(salon, booking, by=ids["desk"])
    bookings.start_service(salon, booking, by=ids["stylist"])
    bookings.finish_service(salon, booking, by=ids["stylist"])
    sale = checkout.open_sale(salon, by=ids["desk"], booking_id=booking)
    checkout.add_product_line(salon, sale, ids["shampoo"], by=ids["desk"],
                              quantity=rng.randint(1, 3))
    checkout.set_tip(salon, sale, ids["stylist"], rng.randint(0, 10) * 100, by=ids["desk"])
    remaining = sale_view(salon, sale).remaining
    checkout.take_tender(salon, sale, by=ids["desk"], method="card", amount=remaining,
                         reference=f"T-{sale}")
    checkout.close_sale(salon, sale, by=ids["desk"], key=f"close-{sale}")
    return sale


def walk_in_checkout(salon: Salon, ids: dict, rng: random.Random) -> int:
    """Shampoo over the counter, paid in cash with change given."""
    sale = checkout.open_sale(salon, by=ids["desk"], client_id=ids["client"])
    checkout.add_product_line(salon, sale, ids["shampoo"], by=ids["desk"],
                              quantity=rng.randint(1, 4))
    cash = sale_view(salon, sale).cash_to_pay + rng.randint(1, 20) * 100
    checkout.take_tender(salon, sale, by=ids["desk"], method="cash", amount=cash)
    checkout.close_sale(salon, sale, by=ids["desk"])
    return sale


def main(db_file: str, ids_json: str, seed: str) -> None:
    ids = json.loads(ids_json)
    rng = random.Random(int(seed))
    clock = FixedClock(OPENING)
    salon = open_salon(SalonLocation(db_file, Path(db_file).parent), clock, pin_cost=16)
    print("ready", flush=True)
    while True:
        for checkout_one in (lambda: booked_checkout(salon, clock, ids, rng),
                             lambda: walk_in_checkout(salon, ids, rng)):
            print(f"closed {checkout_one()}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
