"""The words a message's placeholders stand for (domain.messages), from the same plain
records the slip and the receipts print: plain text, for any mail program."""

from __future__ import annotations

from salon_pos.documents.records import BookingRecord, DepositReceipt, Receipt, SalonHeader


def salon_values(header: SalonHeader, client: str) -> dict[str, str]:
    return {
        "client": client,
        "salon": header.name,
        "salon_contact": "\n".join(line for line in (
            ", ".join(part.strip() for part in header.address.splitlines() if part.strip()),
            header.phone, header.email) if line),
        "salon_phone": header.phone,
        "policy": header.policy,
    }


def booking_values(record: BookingRecord, *, cancel_until: str, series: str = ""
                   ) -> dict[str, str]:
    """A booking's placeholders; `cancel_until` is the last moment to cancel free of charge,
    as the salon writes times; `series` the other bookings of its series the message is
    about (series_text)."""
    money = record.money
    return {
        "series": series,
        **salon_values(record.header, record.client),
        "policy": record.policy,
        "booking_no": record.number,
        "when": record.when,
        "stylist": record.stylist,
        "booking": _booking_block(record),
        "deposit": _deposit_sentence(record),
        "expectations": "\n\n".join(_note_block(note, money) for note in record.notes),
        "how_to_change": _how_to_change(record.header.phone, cancel_until,
                                        record.deposit_held),
        "cancel_until": cancel_until,
        "outcome": _cancel_outcome(record),
    }


def series_text(heading: str, times: tuple[str, ...]) -> str:
    """The bookings of a series a message speaks for, one a line under a heading."""
    return heading + "\n" + "\n".join(f"- {when}" for when in times) if times else ""


def deposit_values(receipt: DepositReceipt, record: BookingRecord, *, cancel_until: str
                   ) -> dict[str, str]:
    return {**booking_values(record, cancel_until=cancel_until),
            "amount": receipt.money(receipt.amount)}


def receipt_values(receipt: Receipt) -> dict[str, str]:
    return {**salon_values(receipt.header, receipt.client), "receipt_no": receipt.number,
            "total": receipt.money(receipt.total + receipt.tip_total)}


def offer_values(header: SalonHeader, client: str, *, when: str, stylist: str,
                 services: tuple[tuple[str, int, int], ...], money) -> dict[str, str]:
    """A place offered from the waitlist: no booking yet, so its lines are given."""
    lines = [f"{when} with {stylist}"]
    lines += [f"- {name}, {minutes} min: {money(price)}" for name, minutes, price in services]
    return {**salon_values(header, client), "when": when, "stylist": stylist,
            "booking": "\n".join(lines)}


def _booking_block(record: BookingRecord) -> str:
    money = record.money
    lines = [f"{record.when} with {record.stylist} (booking {record.number})"]
    lines += [f"- {name}, {minutes} min: {money(price)}" for name, minutes, price in
              record.services]
    if len(record.services) > 1:
        lines.append(f"Total quoted: {money(record.total)}")
    lines += record.courses
    return "\n".join(lines)


def _deposit_sentence(record: BookingRecord) -> str:
    money = record.money
    if record.deposit_held:
        return (f"Your deposit of {money(record.deposit_held)} is held for this booking "
                "and counts towards your bill.")
    still_due = record.deposit_due - record.deposit_taken
    if still_due > 0:
        return (f"A deposit of {money(still_due)} is due to hold this booking; it counts "
                "towards your bill.")
    return ""


def _note_block(note, money) -> str:
    about = "" if note.service == "the whole booking" else f" ({note.service})"
    sessions = "1 session" if note.sessions_expected == 1 else \
        f"{note.sessions_expected} sessions"
    lines = [f"What to expect{about}: {note.expected_result}"]
    if note.limits_and_risks:
        lines.append(f"Limits and risks: {note.limits_and_risks}")
    lines.append(f"Price: {money(note.price_min)} to {money(note.price_max)}, {sessions}")
    agreed_on = note.acknowledged.partition(", recorded by")[0]  # who typed it: ours
    lines.append(f"You agreed to this on {agreed_on}." if agreed_on else
                 "We go through this with you before the work starts.")
    return "\n".join(lines)


def _how_to_change(phone: str, cancel_until: str, deposit_held: int) -> str:
    ask = f"To move or cancel, call us on {phone}" if phone else "To move or cancel, call us"
    if not cancel_until:
        return ask + "."
    keeps = " and your deposit is refunded" if deposit_held else ""
    return f"{ask}: until {cancel_until} it is free of charge{keeps}."


def _cancel_outcome(record: BookingRecord) -> str:
    if not record.deposit_taken:
        return "No deposit was paid, so nothing is owed."
    moved = [f"{what}: {record.money(amount)}." for _when, what, amount in
             record.deposit_movements if not what.startswith("Deposit taken")]
    return "\n".join(moved) or (f"Your deposit of {record.money(record.deposit_held)} is "
                                "still held; we will be in touch about it.")
