"""A client's own data, for an access request: everything the salon holds about one
client — profile, bookings, expectation notes, consultations, patch tests, formulas,
photos, sales, deposits, vouchers bought, courses, account movements — as a readable PDF
and a machine-readable archive (JSON, the photos and the signatures as files), in one
folder. A manager's act, kept in the journal by the client's number (never their name)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from salon_pos.documents.client_data import render_client_data
from salon_pos.documents.records import ClientDataRecord, DataSection
from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind
from salon_pos.domain.localtime import local_of
from salon_pos.files import write_bytes
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.approvals import record_approval
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_client
from salon_pos.services.views.client_profile import client_profile
from salon_pos.services.views.consultations import client_consultations
from salon_pos.services.views.courses import client_courses
from salon_pos.services.views.formulas import colour_history
from salon_pos.services.views.patch_tests import client_tests
from salon_pos.services.views.receipts import salon_header
from salon_pos.store.models import (
    Booking,
    Consultation,
    ExpectationNote,
    JournalEntry,
    NotePhoto,
    PatchTest,
    Sale,
    SaleLine,
    Signature,
    Voucher,
)


@dataclass(frozen=True)
class HandedOut:
    json: Path
    pdf: Path
    files: int  # photos and signatures copied beside them


def export_client_data(salon: Salon, client_id: int, folder: Path, *,
                       approved_by: int) -> HandedOut:
    """Write the client's data into `folder` (made if need be; files of the same names
    are replaced), then record in the journal that it was handed out. Whole or not at all:
    a file that cannot be written takes back those written before it, and nothing is
    recorded."""
    require_manager(salon, approved_by)
    get_client(salon, client_id)
    data, files = _gathered(salon, client_id)
    stem = f"client-{client_id:06d}"
    files[f"{stem}.json"] = json.dumps(data, ensure_ascii=False, indent=2,
                                       default=str).encode()
    files[f"{stem}.pdf"] = render_client_data(_record(salon, data))
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            if isinstance(content, Path):  # a photo: copied as every file is written
                if not content.is_file():
                    continue
                content = content.read_bytes()
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            write_bytes(folder / name, content)
            written.append(folder / name)
    except (OSError, DomainError) as error:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(error, DomainError):
            raise
        raise DomainError(f"Cannot write the client's data in {folder}: "
                          f"{error.strerror}.") from None
    with salon.writing():
        record_approval(salon, approved_by, f"Client {client_id}'s data handed out, as the "
                                            "client asked (an access request)")
    return HandedOut(folder / f"{stem}.json", folder / f"{stem}.pdf", len(written) - 2)


def _gathered(salon: Salon, client_id: int) -> tuple[dict, dict[str, Path | bytes]]:
    """The data as plain values (times local, amounts in minor units with the currency),
    and the files to copy beside it by their names in the folder."""
    settings = salon.settings()
    tz = settings.tz
    profile = client_profile(salon, client_id)
    files: dict[str, Path | bytes] = {}

    def when(moment) -> str | None:
        return None if moment is None else f"{local_of(moment, tz):%Y-%m-%d %H:%M}"

    def signed(kind: str, record_id: int, signature_id: int | None) -> str | None:
        if signature_id is None:
            return None
        image = Signature.select(Signature.image).where(Signature.id == signature_id).scalar()
        if image is None:
            return None
        name = f"signatures/{kind}-{record_id}.png"
        files[name] = bytes(image)
        return name

    note_signatures = dict(ExpectationNote.select(ExpectationNote.id, ExpectationNote.signature)
                           .join(Booking).where(Booking.client == client_id).tuples())
    consultation_signatures = dict(Consultation.select(Consultation.id, Consultation.signature)
                                   .where(Consultation.client == client_id).tuples())
    test_signatures = dict(PatchTest.select(PatchTest.id, PatchTest.signature)
                           .where(PatchTest.client == client_id).tuples())
    photos = []
    for photo in (NotePhoto.select(NotePhoto, ExpectationNote.booking)
                  .join(ExpectationNote).join(Booking)
                  .where(Booking.client == client_id).objects()):
        name = f"photos/reference-{photo.id}-{photo.file_name}"
        files[name] = salon.photos_dir / photo.file_name
        photos.append({"file": name, "kind": "reference", "booking": photo.booking_id,
                       "caption": photo.caption})
    visits = colour_history(salon, client_id)
    for visit in visits:
        for moment, paths in (("before", visit.before), ("after", visit.after)):
            for path in paths:
                name = f"photos/{moment}-{visit.booking_id}-{path.name}"
                files[name] = path
                photos.append({"file": name, "kind": moment, "booking": visit.booking_id})
    sales = _sales(client_id, when)
    data = {
        "salon": settings.salon_name,
        "currency": settings.currency_code,
        "amounts": "in minor units (cents)",
        "profile": {
            "client_number": profile.client_id, "name": profile.name, "phone": profile.phone,
            "email": profile.email, "alerts": profile.alerts,
            "deposit_rule": profile.deposit_rule,
            "house_account": profile.house_account_enabled,
            "house_account_limit": profile.house_account_limit,
            "credit_balance": profile.credit_balance, "house_balance": profile.house_balance,
        },
        "bookings": [{"booking": b.booking_id, "start": f"{b.start:%Y-%m-%d %H:%M}",
                      "services": b.services, "stylist": b.stylist,
                      "status": b.status_label} for b in profile.bookings],
        "expectation_notes": [
            {"note": n.note_id, "booking": n.booking_id, "service": n.service,
             "expected_result": n.expected_result, "limits_and_risks": n.limits_and_risks,
             "price_min": n.price_min, "price_max": n.price_max, "written_by": n.written_by,
             "agreed": None if n.acknowledged_at is None else f"{n.acknowledged_at:%Y-%m-%d %H:%M}",
             "outcome": n.outcome, "signature": signed("note", n.note_id,
                                                       note_signatures.get(n.note_id))}
            for n in profile.notes],
        "consultations": [
            {"consultation": c.consultation_id, "recorded": when(c.recorded_at),
             "kind_of_service": c.category, "with": c.recorded_by, "booking": c.booking_id,
             "answers": [{"question": a.question, "answer": a.shown} for a in c.answers],
             "signature": signed("consultation", c.consultation_id,
                                 consultation_signatures.get(c.consultation_id))}
            for c in client_consultations(salon, client_id)],
        "patch_tests": [
            {"test": t.test_id, "done": when(t.done_at), "products": t.products,
             "by": t.done_by, "result": str(t.result), "read": when(t.read_at),
             "notes": t.notes, "cleared": t.cleared_reason if t.cleared else None,
             "signature": signed("patch-test", t.test_id, test_signatures.get(t.test_id))}
            for t in client_tests(salon, client_id)],
        "colour_formulas": [
            {"booking": v.booking_id, "visit": when(v.start),
             "bowls": [b.said for b in v.formula.bowls], "notes": v.formula.notes,
             "written_by": v.formula.written_by}
            for v in visits if v.formula],
        "photos": photos,
        "sales": sales,
        "deposits": [
            {"entry": e.seq, "at": when(e.at), "booking": e.booking,
             "what": e.kind.replace("_", " "),
             "amount": e.amount, "method": e.method}
            for e in JournalEntry.select().where(
                (JournalEntry.client == client_id)
                & JournalEntry.kind.in_([*DEPOSIT_HELD_SIGNS, Kind.FEE_REFUNDED])
            ).order_by(JournalEntry.seq)],
        "vouchers_bought": [
            {"voucher": v.id, "code_ends": v.code_hint, "amount": v.amount,
             "balance": v.balance, "issued": str(v.issued_on), "expires": str(v.expires_on)}
            for v in Voucher.select().join(Sale).where(Sale.client == client_id)],
        "courses": [
            {"course": c.id, "plan": c.name, "services": c.services, "sessions": c.sessions,
             "sessions_left": c.sessions_left, "price": c.price,
             "expires": str(c.expires_on)} for c in client_courses(salon, client_id)],
        "account_movements": [
            {"account": account, "at": f"{m.at:%Y-%m-%d %H:%M}", "what": m.kind,
             "change": m.change, "balance": m.balance, "receipt": m.receipt_no}
            for account, movements in (("house", profile.house_movements),
                                       ("credit", profile.credit_movements))
            for m in movements],
    }
    return data, files


def _sales(client_id: int, when) -> list[dict]:
    lines: dict[int, list[dict]] = {}
    for line in SaleLine.select().join(Sale).where(Sale.client == client_id).order_by(
            SaleLine.id):
        lines.setdefault(line.sale_id, []).append(
            {"item": line.description, "quantity": line.quantity,
             "unit_price": line.unit_price})
    return [{"sale": sale.id, "receipt": sale.receipt_no, "closed": when(sale.closed_at),
             "status": sale.status, "total": sale.total, "tips": sale.tips,
             "lines": lines.get(sale.id, [])}
            for sale in Sale.select().where(Sale.client == client_id).order_by(Sale.id)]


# The PDF's sections: a title, then (column, the JSON key it shows) for each row.
_SECTIONS = (
    ("Bookings", "bookings", (("Booking", "booking"), ("When", "start"),
                              ("Services", "services"), ("With", "stylist"),
                              ("Status", "status"))),
    ("Expectation notes", "expectation_notes", (
        ("Booking", "booking"), ("Expected result", "expected_result"),
        ("Limits and risks", "limits_and_risks"), ("Agreed", "agreed"),
        ("Outcome", "outcome"))),
    ("Consultations", "consultations", (("Recorded", "recorded"),
                                        ("Kind of service", "kind_of_service"),
                                        ("Answers", "answers"))),
    ("Patch tests", "patch_tests", (("Done", "done"), ("Products", "products"),
                                    ("Result", "result"), ("Notes", "notes"))),
    ("Colour formulas", "colour_formulas", (("Visit", "visit"), ("Bowls", "bowls"),
                                            ("Notes", "notes"))),
    ("Photos (in the folder photos/)", "photos", (("File", "file"), ("Kind", "kind"),
                                                  ("Booking", "booking"))),
    ("Sales", "sales", (("Receipt", "receipt"), ("Closed", "closed"), ("Total", "total"),
                        ("Items", "lines"))),
    ("Deposits", "deposits", (("When", "at"), ("Booking", "booking"), ("What", "what"),
                              ("Amount", "amount"))),
    ("Gift vouchers bought", "vouchers_bought", (("Code ends", "code_ends"),
                                                 ("Amount", "amount"), ("Left", "balance"),
                                                 ("Expires", "expires"))),
    ("Prepaid courses", "courses", (("Plan", "plan"), ("Sessions left", "sessions_left"),
                                    ("Expires", "expires"))),
    ("Account movements", "account_movements", (("Account", "account"), ("When", "at"),
                                                ("What", "what"), ("Change", "change"),
                                                ("Balance", "balance"))),
)
_AMOUNTS = {"price_min", "price_max", "total", "tips", "amount", "balance", "change",
            "unit_price", "price", "credit_balance", "house_balance", "house_account_limit"}


def _record(salon: Salon, data: dict) -> ClientDataRecord:
    money = salon.settings().money

    def shown(key: str, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if key in _AMOUNTS and isinstance(value, int):
            return money(value)
        if isinstance(value, list):
            return "; ".join(_item(part, money) for part in value)
        return str(value)

    profile = data["profile"]
    return ClientDataRecord(
        header=salon_header(salon.settings()), client=profile["name"],
        made=f"{local_of(salon.now(), salon.settings().tz):%d %b %Y %H:%M}",
        profile=tuple((label, shown(key, profile[key])) for label, key in (
            ("Client number", "client_number"), ("Name", "name"), ("Phone", "phone"),
            ("Email", "email"), ("Alerts", "alerts"), ("Deposit rule", "deposit_rule"),
            ("House account", "house_account"), ("Credit held", "credit_balance"),
            ("House account owed", "house_balance"))),
        sections=tuple(DataSection(title, tuple(label for label, _key in columns),
                                   tuple(tuple(shown(key, row.get(key)) for _label, key
                                               in columns) for row in data[name]))
                       for title, name, columns in _SECTIONS),
    )


def _item(part, money) -> str:
    if isinstance(part, dict) and "question" in part:
        return f"{part['question']} {part['answer']}"
    if isinstance(part, dict) and "item" in part:
        return f"{part['quantity']} × {part['item']} {money(part['unit_price'])}"
    return str(part)
