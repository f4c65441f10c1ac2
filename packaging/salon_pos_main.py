"""The bundled program's entry script: the same entry point as the `salon-pos` command
(with no command it opens the desktop app)."""

import sys

from salon_pos.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
