"""The figures the checkout screen shows, read without Qt: the products to add, and the
ticket's subtotal, discounts, deposit applied, amount taken and change due (the change
agreeing with what closing the sale gives back, cash rounding included)."""

from __future__ import annotations

from salon_pos.services.operations import catalogue, checkout, deposits, salon_setup
from salon_pos.services.views.catalogue import list_products
from salon_pos.services.views.sale import sale_view
from tests.services.helpers import book, close, ready_sale, tender, to_ready


def test_list_products_offers_only_what_is_still_sold(s):
    serum = catalogue.add_product(s.salon, "Argan serum", sku="SE-1", price=2400,
                                  tax_class_id=s.standard_tax, approved_by=s.manager)
    catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager, active=False)

    assert list_products(s.salon) == [
        {"id": serum, "name": "Argan serum", "sku": "SE-1", "price": 2400}]
    assert [p["id"] for p in list_products(s.salon, active_only=False)] == [serum, s.shampoo]


def test_the_tickets_figures_from_subtotal_to_change(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])  # €75.00: a €15.00 deposit
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="D-1")
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    line = sale_view(s.salon, sale).lines[0]
    checkout.discount_line(s.salon, sale, line.id, by=s.desk, reason="Loyal", amount=400)
    tender(s, sale, "card", 2000)
    tender(s, sale, "cash", 5000)

    view = sale_view(s.salon, sale)

    assert view.lines[0].stylist_id == s.stylist
    assert (view.subtotal, view.discount_total, view.totals.total) == (7500, 400, 7100)
    assert (view.deposit_applied, view.taken, view.remaining) == (1500, 7000, 0)
    assert view.change_due == 1400  # €71 − €15 deposit − €20 card = €36 in cash; €50 given
    assert close(s, sale)["change"] == view.change_due


def test_change_due_follows_cash_rounding(s):
    salon_setup.change_settings(s.salon, s.manager, cash_rounding_increment=5)
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 2, by=s.desk)  # €45.02 owed, €45.00 in cash
    tender(s, sale, "cash", 5000)

    view = sale_view(s.salon, sale)

    assert view.change_due == 500
    assert close(s, sale)["change"] == 500


def test_no_change_is_due_before_the_cash_covers_the_bill(s):
    _booking, sale = ready_sale(s)
    tender(s, sale, "cash", 2000)

    assert sale_view(s.salon, sale).change_due == 0
