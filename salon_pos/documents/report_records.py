"""A report as one table — title, period, columns, rows, a totals line — and the table as
CSV. Plain records, without reportlab: the services build them at every start of the
program, and only printing one (documents/report_table.py) needs the PDF machinery.

Cells keep their raw values (money in minor units) so that each output formats them its
own way: the screen and the PDF as the salon writes money, CSV as plain numbers a
spreadsheet reads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from salon_pos.domain.money import Currency, NumberStyle, format_amount

TEXT, MONEY, COUNT = "text", "money", "count"
_PLAIN = NumberStyle(decimal=".", group="")  # 1234.50: what every spreadsheet reads


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT  # text | money | count
    weight: float = 1.0  # a text column's share of the width left by the figures

    @property
    def figures(self) -> bool:
        return self.kind != TEXT


@dataclass(frozen=True)
class ReportTable:
    title: str
    period: str  # the days it covers, in words
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    totals: tuple | None = None  # a last line, in the same columns

    def right_aligned(self) -> tuple[int, ...]:
        return tuple(i for i, column in enumerate(self.columns) if column.figures)

    def text_rows(self, money: Callable[[int], str]) -> list[list[str]]:
        """Every line as shown (totals last), money in the salon's own way."""
        return [self.shown(line, lambda c, v: money(v) if c.kind == MONEY else str(v))
                for line in self.lines()]

    def lines(self) -> list[tuple]:
        """The rows, then the totals line when there is one."""
        return list(self.rows) + ([self.totals] if self.totals is not None else [])

    def shown(self, line: Sequence, show: Callable[[Column, object], str]) -> list[str]:
        """A line's cells as text, each value through `show` (empty cells stay empty)."""
        return ["" if value is None else show(column, value)
                for column, value in zip(self.columns, line, strict=True)]


def report_csv(table: ReportTable, currency: Currency) -> str:
    """The table as CSV: one header line, the rows, the totals; amounts as 1234.50."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"{c.title} ({currency.code})" if c.kind == MONEY else c.title
                     for c in table.columns])
    for line in table.lines():
        writer.writerow(table.shown(line, lambda c, v: format_amount(
            v, currency, symbol=False, style=_PLAIN) if c.kind == MONEY else str(v)))
    return out.getvalue()
