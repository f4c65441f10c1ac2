"""Everything the salon does, with no screen: the CLI and the app both call these.

- `kernel/`: the salon context and its write transaction, the journal, access, approvals;
- `operations/`: the salon's work, one module per area; only operations write;
- `views/`: the read models screens and documents show;
- `exchange/`: data in and out (the books, calendars, client lists, backups);
- `opening`: the one way to open a salon.

Each layer imports only those listed after it (import-linter holds it to that).
"""
