"""No one but an active manager can approve a manager's operation in the core.

Every public service function with an `approved_by` parameter is found by inspection; the
table below gives, for each, a call that needs a manager (for the conditional ones — a
discount past the threshold, a booking moved inside the cancellation window, a charge past
the house-account limit — the case that triggers it). The front desk, a stylist, nobody
(None) and a manager who has left are each refused with NotAllowed and nothing changes; an
active manager's approval goes through, which proves the table's calls are real. A new
operation with `approved_by` and no row in the table fails the first test.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

import salon_pos.services
from salon_pos.domain.commission import Band
from salon_pos.domain.errors import NotAllowed
from salon_pos.domain.messages import MessageKind
from salon_pos.services.exchange import (
    accounting,
    backups,
    client_data,
    client_export,
    client_import,
)
from salon_pos.services.operations import (
    bookings,
    cash_drawer,
    catalogue,
    checkout,
    clients,
    commission,
    consultations,
    courses,
    day_close,
    deposits,
    erasure,
    message_wording,
    patch_tests,
    refunds,
    salon_setup,
    series,
    staff,
    stock,
    vouchers,
)
from salon_pos.services.views.sale import active_lines
from salon_pos.store.models import Client
from tests.conftest import dump
from tests.services.helpers import (
    TODAY,
    add_tint,
    at,
    book,
    book_with_deposit,
    pay_by_card,
    ready_sale,
    walk_in,
)

Approve = Callable[[int | None], object]  # the operation, approved by the id given


def late_move(s) -> Approve:
    booking = book(s, 11)  # today at 11:00: inside the 24-hour cancellation window
    return lambda by: bookings.reschedule(s.salon, booking, start=at(s, 14), by=s.desk,
                                          approved_by=by)


def cash_paid_out(s) -> Approve:
    cash_drawer.open_drawer(s.salon, 10_000, by=s.desk)
    return lambda by: cash_drawer.paid_out(s.salon, 1_000, by=s.desk, reason="Milk",
                                           approved_by=by)


def new_product(s) -> Approve:
    return lambda by: catalogue.add_product(s.salon, "Gift box", sku="GB-1", price=500,
                                            tax_class_id=s.standard_tax, approved_by=by)


def new_service(s) -> Approve:
    return lambda by: catalogue.add_service(s.salon, "Toner", duration_min=20, price=2500,
                                            tax_class_id=s.reduced_tax, approved_by=by)


def new_tax_class(s) -> Approve:
    return lambda by: catalogue.add_tax_class(s.salon, "Zero", 0, approved_by=by)


def product_repriced(s) -> Approve:
    return lambda by: catalogue.edit_product(s.salon, s.shampoo, price=2000, approved_by=by)


def service_repriced(s) -> Approve:
    return lambda by: catalogue.edit_service(s.salon, s.cut, price=5000, approved_by=by)


def house_account_opened(s) -> Approve:
    return lambda by: clients.set_client_terms(s.salon, s.client, house_account_enabled=True,
                                               house_account_limit=10_000, approved_by=by)


def day_closed(s) -> Approve:
    return lambda by: day_close.close_day(s.salon, TODAY, approved_by=by)


def deposit_waived(s) -> Approve:
    booking = book_with_deposit(s, 11, days=2)
    return lambda by: deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=by,
                                             reason="Goodwill")


def fee_waived(s) -> Approve:
    booking = book_with_deposit(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, booking, by=s.desk)  # the deposit is kept as a fee
    return lambda by: deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=by,
                                         reason="Hospital")


def sale_refunded(s) -> Approve:
    sale = walk_in(s)
    pay_by_card(s, sale, 1800)
    return lambda by: refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=by,
                                          reason="Allergic reaction")


def expired_voucher(s) -> Approve:
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_voucher_line(s.salon, sale, 2000, by=s.desk)
    pay_by_card(s, sale, 2000)
    s.clock.advance(days=366 * 5 + 1)
    return lambda by: vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=by)


def course_sold(s, *, months: int = 12) -> int:
    """A client's course of three blow-dries, paid by card: its number."""
    plan = courses.save_plan(s.salon, "Three blow-dries", service_ids=[s.blowdry], sessions=3,
                             price=8000, validity_months=months, approved_by=s.manager)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    line = checkout.add_course_line(s.salon, sale, plan, by=s.desk)
    pay_by_card(s, sale, 8000)
    return sale if line else 0


def course_plan_added(s) -> Approve:
    return lambda by: courses.save_plan(s.salon, "Six blow-dries", service_ids=[s.blowdry],
                                        sessions=6, price=15000, approved_by=by)


def voucher_design_added(s) -> Approve:
    return lambda by: vouchers.save_design(s.salon, "Cut voucher", amount=4500,
                                           service_id=s.cut, approved_by=by)


def course_refunded(s) -> Approve:
    course_sold(s)
    return lambda by: courses.refund_course(s.salon, 1, by=s.desk, approved_by=by,
                                            reason="Moving away")


def expired_course(s) -> Approve:
    course_sold(s, months=1)
    s.clock.advance(days=40)
    return lambda by: courses.take_expired_into_income(s.salon, by=s.desk, approved_by=by)


def first_line(s) -> tuple[int, int]:
    _booking, sale = ready_sale(s)  # a cut quoted at €45.00
    return sale, active_lines(s.salon, sale)[0].id


def price_raised(s) -> Approve:
    sale, line = first_line(s)
    return lambda by: checkout.change_line(s.salon, sale, line, by=s.desk, reason="Longer hair",
                                           unit_price=6_000, approved_by=by)


def line_discounted(s) -> Approve:
    sale, line = first_line(s)  # 20 %: past the 10 % a stylist may give alone
    return lambda by: checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Birthday",
                                             percent_bp=2_000, approved_by=by)


def sale_discounted(s) -> Approve:
    sale, _line = first_line(s)
    return lambda by: checkout.discount_sale(s.salon, sale, by=s.desk, reason="Unhappy",
                                             percent_bp=2_000, approved_by=by)


def over_house_limit(s) -> Approve:
    clients.set_client_terms(s.salon, s.client, house_account_enabled=True,
                             house_account_limit=1_000, approved_by=s.manager)
    sale = walk_in(s, client=s.client)  # €18.00, past the €10.00 limit
    return lambda by: checkout.take_tender(s.salon, sale, by=s.desk, method="house_account",
                                           amount=1_800, approved_by=by)


def settings_changed(s) -> Approve:
    return lambda by: salon_setup.change_settings(s.salon, by, deposit_percent_bp=2_500)


def staff_added(s) -> Approve:
    return lambda by: staff.add_staff(s.salon, "Niamh Nails", "stylist", "4242",
                                      approved_by=by)


def staff_renamed(s) -> Approve:
    return lambda by: staff.edit_staff(s.salon, s.desk, name="Dara Byrne", approved_by=by)


def stock_details_set(s) -> Approve:
    return lambda by: stock.set_stock_details(s.salon, s.shampoo, reorder_level=6,
                                              approved_by=by)


def large_count(s) -> Approve:
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 30, 400)], by=s.desk)
    return lambda by: stock.count_stock(s.salon, {s.shampoo: 10}, by=s.desk, approved_by=by)
def level_added(s) -> Approve:
    return lambda by: commission.save_level(s.salon, "Junior", services=(Band(0, 2000),),
                                            retail=(Band(0, 500),), approved_by=by)


def level_assigned(s) -> Approve:
    level = commission.save_level(s.salon, "Junior", services=(Band(0, 2000),),
                                  retail=(Band(0, 500),), approved_by=s.manager)
    return lambda by: commission.assign_level(s.salon, s.stylist, level, approved_by=by)


def pay_period_closed(s) -> Approve:
    day_close.close_day(s.salon, TODAY, approved_by=s.manager)
    s.clock.set(datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    return lambda by: commission.close_pay_period(s.salon, TODAY, approved_by=by)


def reaction_cleared(s) -> Approve:
    test = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist,
                                   done_at=s.clock.now() - timedelta(days=3))
    patch_tests.read_test(s.salon, test, result="reaction", by=s.stylist)
    return lambda by: patch_tests.clear_reaction(s.salon, test, reason="Clinic letter",
                                                 approved_by=by)


def patch_test_waived(s) -> Approve:
    tint = add_tint(s)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now(), service_ids=[tint], by=s.desk)
    bookings.check_in(s.salon, booking, by=s.desk)
    return lambda by: bookings.start_service(s.salon, booking, by=s.stylist,
                                             waiver=patch_tests.Waiver(by, "Card on file"))


def consultation_form_saved(s) -> Approve:
    return lambda by: consultations.save_form(s.salon, "Colour", [("Allergies?", "yes_no")],
                                              approved_by=by)


def client_erased(s) -> Approve:
    return lambda by: erasure.erase_client(s.salon, s.client, approved_by=by)


def lapsed_clients_purged(s) -> Approve:
    Client.update(created_at=datetime(2015, 1, 1)).execute()  # Zoë, not seen for years
    return lambda by: erasure.purge(s.salon, erasure.purge_plan(s.salon), approved_by=by)


def wording_saved(s) -> Approve:
    return lambda by: message_wording.save_wording(
        s.salon, MessageKind.REMINDER, subject="See you $when", body="Hello $client",
        approved_by=by)


def wording_restored(s) -> Approve:
    message_wording.save_wording(s.salon, MessageKind.REMINDER, subject="See you $when",
                                 body="Hello $client", approved_by=s.manager)
    return lambda by: message_wording.restore_wording(s.salon, MessageKind.REMINDER,
                                                      approved_by=by)


def late_series_move(s) -> Approve:
    booking = book(s, 11)  # today at 11:00: inside the window, its repeat a week on
    repeat = series.plan_repeats(s.salon, booking, every_weeks=1, times=1)[0]
    series.book_repeats(s.salon, booking, every_weeks=1, by=s.desk,
                        planned=[(repeat.start, repeat.stylist_id)])
    return lambda by: series.move_series_from(s.salon, booking, start=at(s, 14), by=s.desk,
                                              approved_by=by)


# "module.function" → builds the salon's state, returns the call needing a manager
def clients_imported(s) -> Approve:
    listing = b"Name,Phone\nAnna Byrne,087 111 2222\n"
    return lambda by: client_import.import_clients(s.salon, listing, by=s.desk,
                                                   approved_by=by)


MANAGER_CALLS: dict[str, Callable[..., Approve]] = {
    "client_import.import_clients": clients_imported,
    "bookings.reschedule": late_move,
    "cash_drawer.paid_out": cash_paid_out,
    "catalogue.add_product": new_product,
    "catalogue.add_service": new_service,
    "catalogue.add_tax_class": new_tax_class,
    "catalogue.edit_product": product_repriced,
    "catalogue.edit_service": service_repriced,
    "commission.save_level": level_added,
    "commission.assign_level": level_assigned,
    "commission.close_pay_period": pay_period_closed,
    "clients.set_client_terms": house_account_opened,
    "day_close.close_day": day_closed,
    "deposits.waive_deposit": deposit_waived,
    "deposits.waive_fee": fee_waived,
    "refunds.refund_sale": sale_refunded,
    "ticket.change_line": price_raised,
    "ticket.discount_line": line_discounted,
    "ticket.discount_sale": sale_discounted,
    "payments.take_tender": over_house_limit,
    "salon_setup.change_settings": settings_changed,
    "staff.add_staff": staff_added,
    "staff.edit_staff": staff_renamed,
    "vouchers.take_expired_into_income": expired_voucher,
    "vouchers.save_design": voucher_design_added,
    "courses.save_plan": course_plan_added,
    "courses.refund_course": course_refunded,
    "courses.take_expired_into_income": expired_course,
    "stock.set_stock_details": stock_details_set,
    "stock.count_stock": large_count,
    "patch_tests.clear_reaction": reaction_cleared,
    "bookings.start_service": patch_test_waived,  # a waiver's approver
    "consultations.save_form": consultation_form_saved,
    "erasure.erase_client": client_erased,
    "erasure.purge": lapsed_clients_purged,
    "message_wording.save_wording": wording_saved,
    "message_wording.restore_wording": wording_restored,
    "series.move_series_from": late_series_move,
}

# Functions that take `approved_by` but are no manager's operation, and why.
NOT_MANAGER_OPERATIONS = {
    "deposits.release_deposit": "a step inside cancel, no-show, waive_deposit and checkout "
                                "(which check who acts); it only records the approver passed on",
    "approvals.record_approval": "writes the journal entry of a change its caller has "
                                 "already had approved",
    "access.require_approval": "the check itself, which every operation above calls",
    "standing.record_standing": "writes the journal entry of standing data its caller has "
                                "already changed, with the approver it checked",
    "standing.save_named": "the step inside save_plan, save_design and save_level (which "
                           "check the manager) that saves a row kept by name and records it",
    "patch_tests.guard_start": "the step inside start_service (the row above) that checks "
                               "the waiver's manager and records it",
    "stock.put_back_refunded": "a step inside refund_sale (which checks the manager); it "
                               "only records the approver passed on",
}


def taken(export: Callable, *range_of_days) -> Callable[..., Approve]:
    """What a manager's export hands out, as text."""
    def for_salon(s) -> Approve:
        def take(by):
            out = io.StringIO()
            export(s.salon, *range_of_days, out, approved_by=by)
            return out.getvalue()
        return take
    return for_salon


# A manager's operations that change nothing, but hand personal data out: refused the same,
# and for a manager they give the data.
def clients_own_data(s) -> Approve:
    """One client's data, as the JSON handed out (into a folder of its own)."""
    def take(by):
        folder = s.salon.data_dir / "handed-out"
        return client_data.export_client_data(s.salon, s.client, folder,
                                              approved_by=by).json.read_text()
    return take


MANAGER_READS: dict[str, Callable[..., Approve]] = {
    "client_export.export_clients": taken(client_export.export_clients),
    "client_data.export_client_data": clients_own_data,
    "accounting.export_beancount": taken(accounting.export_beancount,
                                         TODAY, TODAY),
    "accounting.export_csv": taken(accounting.export_csv, TODAY, TODAY),
}


def functions_taking_an_approval() -> set[str]:
    """Every public function of salon_pos.services.* with a parameter named approved_by (or
    waiver: a manager's leave, carrying the approver), by its module's own name
    ("staff.edit_staff")."""
    found = set()
    for module_info in pkgutil.walk_packages(salon_pos.services.__path__, "salon_pos.services."):
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if (function.__module__ == module.__name__ and not name.startswith("_")
                    and {"approved_by", "waiver"} & set(inspect.signature(function).parameters)):
                found.add(f"{module_info.name.rpartition('.')[2]}.{name}")
    return found


def test_every_function_taking_an_approval_has_a_call_in_the_table():
    found = functions_taking_an_approval()

    listed = set(MANAGER_CALLS) | set(MANAGER_READS) | set(NOT_MANAGER_OPERATIONS)
    assert found - listed == set(), "a manager's operation with no call in MANAGER_CALLS"
    assert listed <= found, "a row for nothing"


def former_manager(s) -> int:
    """A manager who has left: still on record, no longer active."""
    member = staff.add_staff(s.salon, "Old Manager", "manager", "4444", approved_by=s.manager)
    staff.edit_staff(s.salon, member, active=False, approved_by=s.manager)
    return member


APPROVERS = {
    "front desk": lambda s: s.desk,
    "stylist": lambda s: s.stylist,
    "nobody": lambda s: None,
    "former manager": former_manager,
}


@pytest.mark.parametrize("who", list(APPROVERS))
@pytest.mark.parametrize("operation", sorted(MANAGER_CALLS | MANAGER_READS))
def test_only_a_manager_can_approve(s, operation, who):
    approver = APPROVERS[who](s)
    approve = (MANAGER_CALLS | MANAGER_READS)[operation](s)
    before = dump(s.salon)

    with pytest.raises(NotAllowed, match="manager|no longer an active member"):
        approve(approver)

    assert dump(s.salon) == before


@pytest.mark.parametrize("operation", sorted(MANAGER_CALLS))
def test_an_active_manager_can_approve(s, operation):
    approve = MANAGER_CALLS[operation](s)
    before = dump(s.salon)

    approve(s.manager)

    assert dump(s.salon) != before


@pytest.mark.parametrize("operation", sorted(MANAGER_READS))
def test_an_active_manager_gets_the_data(s, operation):
    book_with_deposit(s, 11)  # a deposit by card from Zoë: in the books and the client list
    assert "Zoë Ní Bhriain" in MANAGER_READS[operation](s)(s.manager)


@pytest.mark.sqlite_only(reason="restoring the salon's SQLite file")
@pytest.mark.parametrize("who", list(APPROVERS))
def test_only_a_manager_can_have_a_backup_restored(s, who, tmp_path):
    """The app's restore carries its approver in a RestoreRequest, not `approved_by`."""
    saved = backups.backup(s.salon, tmp_path / "morning.db")
    clients.add_client(s.salon, "After The Backup", by=s.desk)
    approver = APPROVERS[who](s)
    request = backups.RestoreRequest(saved, backups.check_backup(saved), approver, "Someone")
    before = dump(s.salon)

    with pytest.raises(NotAllowed, match="manager|no longer an active member"):
        backups.restore_over(s.salon, request)

    assert dump(s.salon) == before
    assert not list(tmp_path.glob("*.before-restore-*"))
