"""Build the five-year benchmark salon (12 stylists, 60,000 clients, about 450,000 bookings).

    .venv/bin/python -m benchmarks.build_five_years --out /tmp/five-years/salon.db [--seed 1]
        [--years 5] [--stylists 12] [--clients 60000] [--end 2026-11-24]

The same options and seed always give the same journal, entry for entry (not hash for
hash: each PIN's hash has a salt of its own, and the journal keeps a digest of it). See
docs/performance.md for how long it takes and what it holds.
"""

import sys

from benchmarks.five_years.build import main

if __name__ == "__main__":
    sys.exit(main())
