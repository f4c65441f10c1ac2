"""`python -m salon_pos` runs the same entry point as the `salon-pos` command."""

import sys

from salon_pos.cli.main import main

sys.exit(main())
