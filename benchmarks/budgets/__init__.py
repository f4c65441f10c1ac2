"""The interaction budgets of issue 6, timed on a (five-year) salon database.

    .venv/bin/python -m benchmarks.budgets --db FILE [--runs 21] [--json budgets.json]

Each row is an interaction a person waits for, timed as the median of repeated runs (with
the spread, 10th to 90th percentile), next to its target and to a limit measured in the
same run: the same work done the barest way (a raw sqlite3 query or transaction, a bare
Qt window, a one-line PDF, hashing the same bytes). Writes go to a scratch copy; the
database given is only read.
"""
