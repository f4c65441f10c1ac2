"""Gift vouchers: sold at checkout as money held for the bearer (not income), spent by code
in part or whole across sales, refunded only while unused, money refunded from a sale
they paid going back onto them, expired balances taken into income by a manager — each
exact in the journal, `verify`, the Z report and the books."""

from __future__ import annotations

from pathlib import Path

import pytest

from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.domain.journal import Kind
from salon_pos.domain.vouchers import new_code, read_code
from salon_pos.services.exchange import accounting
from salon_pos.services.operations import checkout, day_close, refunds, vouchers
from salon_pos.services.views.day_report import live_day_report, vouchers_held_total
from salon_pos.services.views.vouchers import voucher_by_code, vouchers_held
from salon_pos.store.models import SaleLine, Voucher
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    close,
    kinds,
    pay_by_card,
    ready_sale,
    refused,
    tender,
    walk_in,
)
from tests.services.test_accounting_export import export, ledger_balances


def sell_voucher(s, amount: int = 5000, *, key: str | None = None) -> str:
    """A voucher of `amount` sold alone, paid by card: its code."""
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_voucher_line(s.salon, sale, amount, by=s.desk)
    tender(s, sale, "card", amount)
    return close(s, sale, key=key)["vouchers"][0]["code"]


def test_a_voucher_sold_is_money_held_not_income(s):
    code = sell_voucher(s, 5000)
    assert kinds() == [(Kind.VOUCHER_SOLD, 5000), (Kind.PAYMENT, 5000)]
    voucher = voucher_by_code(s.salon, code)
    assert (voucher.amount, voucher.balance) == (5000, 5000)
    assert voucher.expires_on == TODAY.replace(year=TODAY.year + 5)
    report = live_day_report(s.salon, TODAY)
    assert report.tax_by_rate == {}
    assert report.vouchers["sold"] == 5000 and report.vouchers["held_at_close"] == 5000
    assert_books_balance(s)


def test_the_code_is_given_once_and_the_salon_keeps_only_its_digest(s):
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_voucher_line(s.salon, sale, 2500, by=s.desk)
    tender(s, sale, "cash", 2500)
    first = close(s, sale, key="pay-1")
    again = close(s, sale, key="pay-1")
    code = first["vouchers"][0]["code"]
    assert "code" not in again["vouchers"][0]
    assert again["vouchers"][0]["id"] == first["vouchers"][0]["id"]
    plain = read_code(code)
    row = Voucher.get()
    assert plain not in str(row.__data__) and row.code_hint == plain[-4:]


def test_a_voucher_with_other_lines_only_the_lines_are_income(s):
    _booking, sale = ready_sale(s)
    checkout.add_voucher_line(s.salon, sale, 3000, by=s.desk)
    pay_by_card(s, sale, 4500 + 3000)
    assert kinds() == [(Kind.SALE_INCOME, 4500), (Kind.VOUCHER_SOLD, 3000),
                       (Kind.PAYMENT, 7500)]
    assert live_day_report(s.salon, TODAY).tax_by_rate["13.5%"]["gross"] == 4500
    assert_books_balance(s)


def test_one_voucher_split_across_two_sales(s):
    code = sell_voucher(s, 3000)
    first = walk_in(s)  # €18.00
    paid = checkout.pay_by_voucher(s.salon, first, code, by=s.desk)
    assert (paid["amount"], paid["voucher_left"], paid["remaining"]) == (1800, 1200, 0)
    close(s, first)
    second = walk_in(s)
    paid = checkout.pay_by_voucher(s.salon, second, code, by=s.desk)
    assert (paid["amount"], paid["voucher_left"], paid["remaining"]) == (1200, 0, 600)
    tender(s, second, "cash", 600)
    close(s, second)
    assert voucher_by_code(s.salon, code).balance == 0
    assert [move.change for move in voucher_by_code(s.salon, code).history] == [
        3000, -1800, -1200]
    third = walk_in(s)
    with refused(s, "nothing left"):
        checkout.pay_by_voucher(s.salon, third, code, by=s.desk)
    assert live_day_report(s.salon, TODAY).vouchers["redeemed"] == 3000
    assert_books_balance(s)


def test_a_voucher_on_another_open_sale_is_not_counted_twice(s):
    code = sell_voucher(s, 2000)
    first, second = walk_in(s), walk_in(s)
    checkout.pay_by_voucher(s.salon, first, code, by=s.desk)  # €18.00 of €20.00
    with refused(s, "€2.00 left"):
        checkout.pay_by_voucher(s.salon, second, code, by=s.desk, amount=1800)
    paid = checkout.pay_by_voucher(s.salon, second, code, by=s.desk)
    assert paid["amount"] == 200


@pytest.mark.parametrize("typed, message", [
    ("", "Type or scan"),
    ("12345", "not a voucher code"),
    ("7KQ2-M9XD-40TB-H3PA", "typing mistake|No voucher has that code"),
])
def test_a_code_that_is_wrong_says_so(s, typed, message):
    sell_voucher(s)
    sale = walk_in(s)
    with refused(s, message):
        checkout.pay_by_voucher(s.salon, sale, typed, by=s.desk)


def test_a_mistyped_character_is_told_apart_from_an_unknown_code(s):
    code = sell_voucher(s)
    plain = read_code(code)
    wrong = plain[:5] + ("A" if plain[5] != "A" else "B") + plain[6:]
    sale = walk_in(s)
    with refused(s, "typing mistake"):
        checkout.pay_by_voucher(s.salon, sale, wrong, by=s.desk)
    # Case, spaces and the look-alikes O/0 and I/1 are forgiven.
    loose = " ".join(plain.lower()[i:i + 4] for i in range(0, 16, 4))
    assert checkout.pay_by_voucher(s.salon, sale, loose, by=s.desk)["amount"] == 1800


def test_a_voucher_cannot_buy_a_voucher(s):
    code = sell_voucher(s)
    sale = walk_in(s)
    checkout.add_voucher_line(s.salon, sale, 1000, by=s.desk)
    with refused(s, "cannot buy another voucher"):
        checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    other = walk_in(s)
    checkout.pay_by_voucher(s.salon, other, code, by=s.desk)
    with refused(s, "cannot buy another voucher"):
        checkout.add_voucher_line(s.salon, other, 1000, by=s.desk)


def test_a_voucher_is_paid_only_by_its_code(s):
    sale = walk_in(s)
    with refused(s, "with its code"):
        checkout.take_tender(s.salon, sale, by=s.desk, method="voucher", amount=1800,
                             reference="voucher:1")


def test_a_vouchers_value_is_not_discounted(s):
    _booking, sale = ready_sale(s)
    line = checkout.add_voucher_line(s.salon, sale, 5000, by=s.desk)
    with refused(s, "value does not change"):
        checkout.discount_line(s.salon, sale, line, by=s.desk, reason="loyal", amount=500)
    with refused(s, "value does not change"):
        checkout.change_line(s.salon, sale, line, by=s.desk, reason="x", unit_price=4000)
    checkout.discount_sale(s.salon, sale, by=s.desk, reason="loyal", percent_bp=1000)
    assert pay_by_card(s, sale, 4050 + 5000)["vouchers"][0]["amount"] == 5000


def test_an_expired_voucher_cannot_pay_and_a_manager_takes_it_into_income(s, clock):
    code = sell_voucher(s, 4000)
    clock.advance(days=366 * 5 + 1)
    sale = walk_in(s)
    with refused(s, "expired on"):
        checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    assert vouchers_held(s.salon).expired_total == 4000
    with refused(s, "manager", NotAllowed):
        vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=s.desk)
    done = vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager)
    assert done == {"vouchers": 1, "amount": 4000}
    assert kinds(kind=Kind.VOUCHER_EXPIRED) == [(Kind.VOUCHER_EXPIRED, 4000)]
    assert vouchers_held(s.salon).total == 0
    with refused(s, "No expired gift voucher"):
        vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager)
    assert live_day_report(s.salon, s.salon.today()).vouchers["expired"] == 4000
    assert_books_balance(s)


def test_a_voucher_not_yet_expired_is_not_taken_into_income(s):
    sell_voucher(s)
    with refused(s, "not 1"):
        vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager,
                                          numbers=[1])


def test_an_unused_vouchers_sale_is_refunded_and_the_voucher_is_spent(s):
    code = sell_voucher(s, 5000)
    refunds.refund_sale(s.salon, 1, by=s.desk, approved_by=s.manager, reason="changed mind")
    assert kinds()[-2:] == [(Kind.VOUCHER_REFUNDED, 5000), (Kind.REFUND_PAID, 5000)]
    assert voucher_by_code(s.salon, code).balance == 0
    sale = walk_in(s)
    with refused(s, "nothing left"):
        checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    assert_books_balance(s)


def test_a_used_vouchers_sale_is_not_refunded(s):
    code = sell_voucher(s, 5000)
    sale = walk_in(s)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    with refused(s, "only an unused voucher"):  # even before that sale is closed
        refunds.refund_sale(s.salon, 1, by=s.desk, approved_by=s.manager, reason="x")
    close(s, sale)
    with refused(s, "€32.00 of €50.00 left"):
        refunds.refund_sale(s.salon, 1, by=s.desk, approved_by=s.manager, reason="x")


def test_a_sale_paid_by_vouchers_refunded_puts_the_money_back_onto_them(s):
    first, second = sell_voucher(s, 1000), sell_voucher(s, 1000)
    sale = walk_in(s, product_quantity=2)  # €36.00
    checkout.pay_by_voucher(s.salon, sale, first, by=s.desk)
    checkout.pay_by_voucher(s.salon, sale, second, by=s.desk)
    tender(s, sale, "card", 1600)
    sale_id = close(s, sale)["sale_id"]
    # One of two shampoos back (€18.00): the card last, then the latest voucher.
    refunds.refund_sale(s.salon, sale_id, by=s.desk, approved_by=s.manager, reason="faulty",
                        lines={_line_of(sale_id): 1})
    assert voucher_by_code(s.salon, first).balance == 0
    assert voucher_by_code(s.salon, second).balance == 200
    refunds.refund_sale(s.salon, sale_id, by=s.desk, approved_by=s.manager, reason="faulty")
    assert (voucher_by_code(s.salon, first).balance,
            voucher_by_code(s.salon, second).balance) == (1000, 1000)
    assert live_day_report(s.salon, TODAY).vouchers["given_back"] == 2000
    assert_books_balance(s)


def _line_of(sale_id: int) -> int:
    return SaleLine.get(SaleLine.sale == sale_id).id


def test_refused_payments_change_nothing_and_unknown_vouchers_are_not_found(s):
    sale = walk_in(s)
    with refused(s, "No voucher has that code", NotFound):
        checkout.pay_by_voucher(s.salon, sale, _valid_unknown_code(), by=s.desk)
    with pytest.raises(InvalidInput):
        checkout.add_voucher_line(s.salon, sale, 0, by=s.desk)


def _valid_unknown_code() -> str:
    return new_code()


def test_vouchers_held_at_close_carry_over_closed_days(s, clock):
    sell_voucher(s, 5000)
    day_close.close_day(s.salon, TODAY, approved_by=s.manager)
    clock.advance(days=1)
    sell_voucher(s, 2000)
    assert vouchers_held_total(s.salon) == 7000
    assert vouchers_held_total(s.salon, up_to=TODAY) == 5000
    assert_books_balance(s)


def test_the_books_carry_vouchers_and_bean_check_holds_them_to_the_app(s, clock, tmp_path):
    code = sell_voucher(s, 5000)
    sale = walk_in(s)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    close(s, sale)
    sell_voucher(s, 700)
    clock.advance(days=366 * 5 + 1)
    vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager)
    path = Path(tmp_path) / "books.beancount"
    summary = export(s.salon, TODAY, s.salon.today(), path)
    balances = ledger_balances(path)  # bean-check's own loader: assertions included
    assert balances[accounting.VOUCHERS] == 0 == summary.balances[accounting.VOUCHERS]
    assert balances[accounting.EXPIRED_VOUCHERS] == -(5000 - 1800 + 700)
    assert "balance Liabilities:Gift-Vouchers" in path.read_text()


def test_vouchers_sold_are_not_counted_as_sales_in_the_z_report(s):
    sell_voucher(s, 5000)
    sale = walk_in(s)  # €18.00
    pay_by_card(s, sale, 1800)
    report = live_day_report(s.salon, TODAY)
    assert (report.sales_count, report.sales_total) == (2, 1800)
    assert report.vouchers["sold"] == 5000
    assert report.tenders == {"card": 6800}
