"""Payments on an open ticket: taking one by any way to pay checkout offers, taking one
off again (a declined card, a mistyped amount), and whether the client's money a payment
draws on still covers it — checked when it is taken and again when the sale closes."""

from __future__ import annotations

from salon_pos.domain.errors import InvalidInput, NotFound
from salon_pos.domain.money import check_amount
from salon_pos.domain.standing import CLIENT_TERMS
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY, Use, WayToPay, check_reference, way_for
from salon_pos.services.kernel.access import require_approval
from salon_pos.services.kernel.balances import client_money
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_client
from salon_pos.services.kernel.standing import check_against_journal
from salon_pos.services.operations.checkout.ticket import (
    open_ticket,
    release_course_session,
    release_voucher_use,
)
from salon_pos.services.views.sale import sale_view
from salon_pos.store.models import Client, CourseSession, Sale, SaleTender, VoucherUse


def take_tender(
    salon: Salon, sale_id: int, *, by: int, method: str, amount: int, reference: str = "",
    approved_by: int | None = None, key: str | None = None,
) -> dict:
    """Add a payment to the ticket. Cash may be more than is due (change is given at close);
    the others may not; none is taken when nothing is left to pay (another desk may have
    just taken it: the payments of a sale queue on the write lock). Client credit must be
    there; a house-account charge beyond the client's limit needs a manager."""
    way = way_for(method, Use.SALE)
    if way.draws_on is not None and way.draws_on.kept_per == "voucher":
        raise InvalidInput(f"Pay by {way.label.lower()} with its code.")
    reference = check_reference(way, reference, salon.settings())
    check_amount(amount, "payment")

    def run():
        sale = open_ticket(salon, sale_id, by)
        view = sale_view(salon, sale_id)
        if (view.cash_to_pay if way.counts_as_cash else view.remaining) <= 0:
            raise InvalidInput("Nothing is left to pay on this sale: it can be closed.")
        if not way.counts_as_cash and amount > view.remaining:
            raise InvalidInput(
                f"That is more than what is left to pay ({view.money(view.remaining)})."
            )
        approver = None
        if way.draws_on is not None:
            if sale.client_id is None:
                raise InvalidInput(f"Choose the client first: the {way.draws_on.noun} is "
                                   "theirs.")
            approver = _draw(salon, get_client(salon, sale.client_id), way,
                             _drawn(_tenders(sale), way), amount, approved_by)
        tender = SaleTender.create(sale=sale_id, method=method, amount=amount,
                                   reference=reference, taken_by=by, approved_by=approver,
                                   taken_at=salon.now_stored())
        after = sale_view(salon, sale_id)
        return {"tender_id": tender.id, "remaining": after.remaining,
                "cash_to_pay": after.cash_to_pay}

    return run_once(salon, key, f"take_tender:{sale_id}", run)


def _draw(salon: Salon, client: Client, way: WayToPay, on_ticket: int, amount: int,
          approved_by: int | None) -> int | None:
    """Whether `amount` more may be drawn on the client's money `way` uses, `on_ticket`
    being drawn already: their own money (credit) only as far as it goes; what they owe
    the salon (a house account) within its limit, or beyond it with a manager (returned)."""
    held = way.draws_on
    if held.owed_by_salon:
        left = client_money(client, held) - on_ticket
        if amount > left:
            raise InvalidInput(f"{client.name} has {salon.settings().money(left)} of "
                               f"{held.noun} left.")
        return None
    check_against_journal(salon, CLIENT_TERMS, client)
    if not client.house_account_enabled:
        raise InvalidInput(f"{client.name} has no {held.noun}.")
    if client_money(client, held) + on_ticket + amount > client.house_account_limit:
        return require_approval(salon, approved_by, f"Going over the client's {held.noun} limit")
    return None


def remove_tender(salon: Salon, sale_id: int, tender_id: int, *, by: int) -> None:
    """Take a tender off an open ticket (a card declined, a mistyped amount; a course
    session or a voucher for one service, whose line is then charged again)."""
    with salon.writing():
        open_ticket(salon, sale_id, by)
        session = CourseSession.get_or_none((CourseSession.tender == tender_id)
                                            & (CourseSession.sale == sale_id))
        if session is not None:  # the session's line is charged again
            release_course_session(salon, session)
            return
        use = VoucherUse.get_or_none((VoucherUse.tender == tender_id)
                                     & (VoucherUse.sale == sale_id))
        if use is not None:  # likewise the line a voucher for its service paid
            release_voucher_use(salon, use)
            return
        removed = SaleTender.delete().where(
            (SaleTender.id == tender_id) & (SaleTender.sale == sale_id)
        ).execute()
        if not removed:
            raise NotFound("That payment is not on this sale.")


def check_client_money_still_covers(salon: Salon, sale: Sale) -> None:
    """At close: another station may have spent the client's credit, or closed their house
    account, since the payments were taken. A charge a manager approved over the limit
    stands. (A gift voucher is the bearer's: checkout/vouchers.py checks it.)"""
    tenders = _tenders(sale)
    client = Client.get_or_none(Client.id == sale.client_id)
    used = {t.method for t in tenders}
    for way in (way for code, way in WAYS_TO_PAY.items()
                if code in used and way.draws_on and way.draws_on.kept_per == "client"):
        held, drawn = way.draws_on, _drawn(tenders, way)
        if held.owed_by_salon:
            if client is None or drawn > client_money(client, held):
                raise InvalidInput(f"The client's {held.noun} no longer covers the "
                                   f"{held.noun} payment.")
            continue
        approved = any(t.approved_by_id for t in tenders if t.method == way.code)
        if client is None or not client.house_account_enabled or (
                client_money(client, held) + drawn > client.house_account_limit
                and not approved):
            raise InvalidInput(
                f"The {held.noun} cannot take this charge any more: it is closed or over its "
                "limit now. Ask a manager to approve it again, or take another payment.")


def _tenders(sale: Sale) -> list[SaleTender]:
    return list(SaleTender.select().where(SaleTender.sale == sale.id).order_by(SaleTender.id))


def _drawn(tenders: list[SaleTender], way: WayToPay) -> int:
    """What the payments draw on the same money held as `way`."""
    return sum(t.amount for t in tenders
               if (other := WAYS_TO_PAY.get(t.method)) and other.draws_on == way.draws_on)
