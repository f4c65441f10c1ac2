"""A five-year salon built in bulk by the app's own rules, for timing the app at scale.

    .venv/bin/python -m benchmarks.build_five_years --out /tmp/five-years/salon.db

`salon` sets the salon up through the real services; `plan` lays out who is booked when
and what becomes of each booking; `player` plays the days in time order, computing every
row and journal entry with the domain's functions; `evening` runs the day's rare actions
(refunds, house-account payments, the drawer count, the day close) through the real
services; `salon_pos.demo.bulk` writes rows and chains journal entries in big batches
(the demo salon is written the same way); `build` runs it all.
"""
